import type { IncomingMessage } from 'node:http';
import { FORM_HONEYPOT_FIELD, isStorableText } from '@studio/contracts';

/** What a form post may hold: fields, and the length of their names and values. */
export const FORM_LIMITS = { fields: 50, keyLength: 64, valueLength: 5000 } as const;
/** The field a page without a Referer may send to say which page the form was on. */
export const PAGE_FIELD = '_page';

export type FormFields = Record<string, string>;
export type ParsedForm = { ok: true; fields: FormFields; honeypot: boolean; page?: string } | { ok: false; message: string };

/**
 * Reads a request body up to `maxBytes`, counting as it arrives (a Content-Length can be absent or wrong);
 * 'too-large' as soon as it is over, without reading the rest.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBytes) {
        req.off('data', onData);
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/**
 * A form post's body, as a browser sends it (`application/x-www-form-urlencoded`) or a page's script does
 * (`application/json`: one flat object of strings, numbers and booleans), checked against FORM_LIMITS. The
 * honeypot and `_page` are taken out of the fields: neither is the person's data.
 */
export function parseForm(contentType: string | undefined, body: Buffer): ParsedForm {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  let entries: [string, string][];
  if (type === 'application/x-www-form-urlencoded') {
    const merged = new Map<string, string>();
    // A repeated name (a group of checkboxes) keeps every value, joined.
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) merged.set(key, merged.has(key) ? `${merged.get(key)}, ${value}` : value);
    entries = [...merged];
  } else if (type === 'application/json') {
    const json = parseJson(body);
    if (!json.ok) return json;
    entries = json.entries;
  } else return { ok: false, message: 'A form posts application/x-www-form-urlencoded or application/json.' };

  if (entries.length > FORM_LIMITS.fields) return { ok: false, message: `A form has at most ${FORM_LIMITS.fields} fields.` };
  const fields: FormFields = {};
  let honeypot = false;
  let page: string | undefined;
  for (const [key, value] of entries) {
    if (!key || key.length > FORM_LIMITS.keyLength) return { ok: false, message: `Field names have 1 to ${FORM_LIMITS.keyLength} characters.` };
    if (value.length > FORM_LIMITS.valueLength) return { ok: false, message: `A field holds at most ${FORM_LIMITS.valueLength} characters.` };
    if (!isStorableText(key) || !isStorableText(value)) return { ok: false, message: 'Fields must not contain NUL or unpaired surrogate characters.' };
    if (key === FORM_HONEYPOT_FIELD) honeypot ||= value.trim() !== '';
    else if (key === PAGE_FIELD) page = value;
    else fields[key] = value;
  }
  return { ok: true, fields, honeypot, ...(page === undefined ? {} : { page }) };
}

function parseJson(body: Buffer): { ok: true; entries: [string, string][] } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, message: 'The body is not valid JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'A form posts one JSON object of fields.' };
  const entries: [string, string][] = [];
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'string') entries.push([key, field]);
    else if (typeof field === 'number' || typeof field === 'boolean') entries.push([key, String(field)]);
    else return { ok: false, message: 'Form fields are strings, numbers or booleans.' };
  }
  return { ok: true, entries };
}

/** Longest page path kept with a submission. */
const MAX_PAGE = 300;

/**
 * Which page the form was on: the Referer's path when it is this same site (a browser sends it for a
 * same-origin post under the default referrer policy), else the page's own `_page` field, else `/`.
 */
export function formPage(referer: string | undefined, host: string | undefined, pageField: string | undefined): string {
  if (referer && host) {
    try {
      const url = new URL(referer);
      if (url.host.toLowerCase() === host.toLowerCase()) return url.pathname.slice(0, MAX_PAGE);
    } catch {
      /* not a URL: fall through */
    }
  }
  if (pageField?.startsWith('/') && !pageField.startsWith('//')) return pageField.slice(0, MAX_PAGE);
  return '/';
}
