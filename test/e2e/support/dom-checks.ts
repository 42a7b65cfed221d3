import type { Page } from 'playwright-core';

/**
 * One check of what a person sees on a page:
 * - `text`: a matching element's text contains this (white space collapsed on both sides);
 * - `absent`: no element matches (with `text`: no matching element contains the text);
 * - `class`: a matching element has this class;
 * - `attr`: a matching element's attribute has this value;
 * - `style`: a matching element's computed style property has this value (a theme colour as `rgb(...)`);
 * - `count`: exactly this many elements match.
 * A check passes when any matching element satisfies it; with none of these, an element must match.
 */
export interface DomAssertion {
  selector: string;
  text?: string;
  absent?: true;
  class?: string;
  attr?: { name: string; value: string };
  style?: { property: string; value: string };
  count?: number;
}

// Runs in the page, so it is a string: no DOM typings in the tests' Node program. Returns one line per failed check.
const CHECK = `(assertions) => {
  const squash = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const describe = (a) => JSON.stringify(a);
  const failures = [];
  for (const a of assertions) {
    let found;
    try {
      found = [...document.querySelectorAll(a.selector)];
    } catch (err) {
      failures.push(describe(a) + ': bad selector (' + err.message + ')');
      continue;
    }
    const hasText = (el) => a.text === undefined || squash(el.textContent).includes(squash(a.text));
    if (a.absent) {
      if (found.some(hasText)) failures.push(describe(a) + ': present, ' + JSON.stringify(squash(found.find(hasText).textContent).slice(0, 160)));
      continue;
    }
    if (a.count !== undefined && found.length !== a.count) {
      failures.push(describe(a) + ': ' + found.length + ' match');
      continue;
    }
    const ok = (el) =>
      hasText(el) &&
      (a.class === undefined || el.classList.contains(a.class)) &&
      (a.attr === undefined || el.getAttribute(a.attr.name) === a.attr.value) &&
      (a.style === undefined || getComputedStyle(el).getPropertyValue(a.style.property) === a.style.value);
    if (found.some(ok)) continue;
    if (!found.length) {
      failures.push(describe(a) + ': nothing matches');
      continue;
    }
    const el = found[0];
    const saw = a.style ? getComputedStyle(el).getPropertyValue(a.style.property) : a.attr ? el.getAttribute(a.attr.name) : a.class ? el.className : squash(el.textContent).slice(0, 160);
    failures.push(describe(a) + ': ' + found.length + ' match, the first has ' + JSON.stringify(saw));
  }
  return failures;
}`;

/** The checks that fail on the page as it is now, each with what the page had instead; [] when all hold. */
export function failedDomChecks(page: Page, assertions: DomAssertion[]): Promise<string[]> {
  return page.evaluate<string[]>(`(${CHECK})(${JSON.stringify(assertions)})`);
}
