/**
 * The model's reply is text someone else wrote: a link in it may go to a web page or open a mail, nothing
 * else (no `javascript:`, `data:`, `vbscript:`, and no path of this app, which would act with the session).
 */
const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

/** The href a link of the reply may carry; '' when it may not be followed (the link shows as its text). */
export function safeHref(url: string): string {
  let parsed: URL;
  try {
    // No base: a relative URL (a path of this app) does not parse, so it is refused with the rest.
    parsed = new URL(url.trim());
  } catch {
    return '';
  }
  return ALLOWED.has(parsed.protocol) ? parsed.href : '';
}
