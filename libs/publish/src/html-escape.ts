/**
 * Escaping for values written into HTML: a site's title or description is the person's text and must never
 * end an attribute or an element early (`"`, `<`, `>` and `&` all become references, quotes of both kinds).
 */
const ATTRIBUTE: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&#39;', '<': '&lt;', '>': '&gt;' };

export function escapeAttribute(value: string): string {
  return value.replace(/[&"'<>]/g, (c) => ATTRIBUTE[c] ?? c);
}

/** Text content (a `<title>`, a paragraph): `</title>` written by a person must stay text. */
export function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (c) => ATTRIBUTE[c] ?? c);
}

/** One line of plain text: a title or description typed with line breaks or runs of spaces reads as one line in every card. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
