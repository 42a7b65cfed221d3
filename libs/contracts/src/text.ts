import { z } from 'zod';

// NUL, which Postgres text refuses, and a UTF-16 surrogate without its partner, which has no UTF-8 form (the
// driver would silently store U+FFFD instead).
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string can be stored and read back exactly as it is (no NUL, no unpaired surrogate). */
export const isStorableText = (value: string): boolean => !UNSTORABLE.test(value);

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL or unpaired surrogate characters';

/**
 * The one string schema every text field of a request starts from, so no input reaches the database that it
 * would refuse (a 500) or change. Chain the field's own rules after it: `text().trim().min(1).max(100)`.
 */
export const text = () => z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE });
