/**
 * A LIKE pattern that matches `text` anywhere, with `text` taken literally: `%`, `_` and the escape character
 * itself are escaped (with the default escape, `\`), so a search for `a_b` does not match `axb`.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
