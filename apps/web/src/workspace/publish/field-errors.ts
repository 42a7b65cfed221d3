/** The parts of a refused call a form needs (api/client.ts ApiError has them; kept structural so this stays pure). */
interface Refusal {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** A form's refusal split into what belongs beside each field and what is said above the form. */
export interface FormErrors {
  fields: Record<string, string>;
  general?: string;
}

/** Codes that are always about one field of the form that sent the call. */
const FIELD_OF_CODE: Record<string, string> = {
  SLUG_TAKEN: 'slug',
  ASSET_NOT_FOUND: 'imagePath',
  DOMAIN_NOT_ALLOWED: 'domain',
  DOMAIN_ALREADY_ADDED: 'domain',
};

const isRefusal = (err: unknown): err is Refusal =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' && typeof (err as { message?: unknown }).message === 'string';

/**
 * Places a refusal on the fields it names: a code that is about one field (SLUG_TAKEN on the slug), or
 * VALIDATION_FAILED's `details.fields` (docs/API.md "Errors": field → reason). What names no field of this
 * form is said above it, so no refusal goes unshown.
 */
export function fieldErrors(err: unknown, formFields: readonly string[]): FormErrors {
  if (!isRefusal(err)) return { fields: {}, general: err instanceof Error ? err.message : String(err) };
  const own = FIELD_OF_CODE[err.code];
  if (own && formFields.includes(own)) return { fields: { [own]: err.message } };
  const reasons = err.code === 'VALIDATION_FAILED' ? err.details?.fields : undefined;
  if (typeof reasons !== 'object' || reasons === null) return { fields: {}, general: err.message };
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [key, reason] of Object.entries(reasons)) {
    const text = String(reason);
    if (formFields.includes(key)) fields[key] = text;
    else elsewhere.push(`${key}: ${text}`);
  }
  return elsewhere.length ? { fields, general: `${err.message} (${elsewhere.join('; ')})` } : { fields };
}
