/**
 * The text a JSX text node renders, by the rule React's JSX transforms apply (Babel's
 * `cleanJSXElementLiteralChild`, which SWC follows): tabs are spaces; every line but the first loses its
 * leading spaces and every line but the last its trailing ones; empty lines go; the rest join with one space.
 * `value` has its entities decoded already (SWC does that when it parses).
 */
export function renderedJsxText(value: string): string {
  const lines = value.split(/\r\n|\n|\r/);
  let lastNonEmpty = -1;
  lines.forEach((line, i) => {
    if (/[^ \t]/.test(line)) lastNonEmpty = i;
  });
  let text = '';
  lines.forEach((line, i) => {
    let trimmed = line.replace(/\t/g, ' ');
    if (i > 0) trimmed = trimmed.replace(/^ +/, '');
    if (i < lines.length - 1) trimmed = trimmed.replace(/ +$/, '');
    if (!trimmed) return;
    text += i === lastNonEmpty ? trimmed : `${trimmed} `;
  });
  return text;
}

/**
 * Text compared as a person sees it: the page's textContent and the source may differ in how runs of
 * white space are written (a line break in the source is a space on the page). No-break spaces stay.
 */
export const sameText = (a: string, b: string): boolean => collapse(a) === collapse(b);

const collapse = (s: string) => s.replace(/[ \t\n\r\f]+/g, ' ').replace(/^ | $/g, '');
