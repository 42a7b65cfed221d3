import { randomInt } from 'node:crypto';
import { slugSchema } from '@studio/contracts';

const SUFFIX_LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SUFFIX_LENGTH = 4;
// Leaves room for the suffix and keeps generated hosts readable; a person may pick a longer slug themselves.
const BASE_MAX = 40;

/**
 * The slug a site gets when its person did not choose one: the project's name as a DNS label plus four random
 * letters, so "My Page" is `my-page-x7k2` and two projects named alike rarely meet (the caller retries on
 * SLUG_TAKEN). Accents are dropped rather than the letters ("Café" → `cafe`); a name with nothing left is `site`.
 */
export function generatedSlug(projectName: string, random: (max: number) => number = randomInt): string {
  const base =
    projectName
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, BASE_MAX)
      .replace(/-+$/, '') || 'site';
  const suffix = Array.from({ length: SUFFIX_LENGTH }, () => SUFFIX_LETTERS[random(SUFFIX_LETTERS.length)]).join('');
  const slug = `${base}-${suffix}`;
  // The contract's rules have the last word (a name such as "xn" could still read as punycode).
  return slugSchema.safeParse(slug).success ? slug : `site-${suffix}`;
}
