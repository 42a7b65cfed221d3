/**
 * Which TypeScript errors refuse a change: the ones that break the page when it runs in the preview (a module
 * that fails to load, a ReferenceError or TypeError while React renders, a section rendered without the data
 * it needs). The templates have no error boundary, so any of these leaves the whole page blank. Everything
 * else is a warning: TypeScript is stricter than the browser, and refusing code that runs costs a repair
 * round for nothing. Every rule of the classification is in this file.
 */

/** Where a diagnostic sits, read from the AST by diagnostic-site.ts. */
export interface DiagnosticSite {
  /** Reported by the parser: the module does not compile, so nothing that imports it loads. */
  syntax: boolean;
  /**
   * Inside a JSX element: its tag, an attribute, a child expression (but not inside a function written
   * there, such as an `onClick` handler's body, which is ordinary code).
   */
  inJsx: boolean;
  /**
   * The value at the diagnostic is called, constructed, used as a JSX tag, iterated, spread into an array,
   * destructured, or has a member read from it without `?.`: if it is undefined, that throws.
   */
  dereferenced: boolean;
}

type Rule = 'always' | 'in-jsx' | 'dereferenced';

const groups: { rule: Rule; codes: number[] }[] = [
  // A missing export: an ES module that imports a name its target does not export fails to link, so the
  // importing module and everything above it (App.tsx, main.tsx) never runs. 2305/2724: no exported member
  // (a lucide icon that does not exist, `Twitter`, `ChartBar3`); 2614/2613/1192: default vs named import
  // mixed up; 2459/2460: declared but not exported; 2306: the file exports nothing at all.
  { rule: 'always', codes: [2305, 2724, 2614, 2613, 1192, 2459, 2460, 2306] },
  // An undeclared name: a ReferenceError when the code runs (`useState` without its import, an undefined
  // `formatPrice`). 2552/2662/2663: the same with a suggestion; 2580-2584: a Node/test/newer-lib global the
  // page does not have; 18004: a shorthand property with no such variable; 2686: `React.x` without importing
  // React; 2693/2585: a type used as a value; 2708: a namespace used as a value; 1361/1362: a value imported
  // with `import type`, which is erased.
  { rule: 'always', codes: [2304, 2552, 2662, 2663, 2580, 2581, 2582, 2583, 2584, 18004, 2686, 2693, 2585, 2708, 1361, 1362] },
  // An unresolved module: Vite cannot serve the import (a typo such as `./components/Testimonial`), and the
  // page shows its error overlay. 2875: the JSX runtime itself is missing.
  { rule: 'always', codes: [2307, 2792, 2875] },
  // A JSX tag whose value is not a component (a number, an object, an icon's name as a string): React
  // throws "Element type is invalid" while rendering. 7026: no JSX types at all.
  { rule: 'always', codes: [2786, 2604, 2605, 2607, 2608, 17004, 2874, 7026] },
  // Wrong or missing props, and children of the wrong kind, but only inside JSX: a guessed prop name
  // (`plans` for `tiers`) silently renders the section's defaults, a missing required prop is read as
  // undefined (`items.map` throws), and an object rendered as a child makes React throw. The same codes
  // outside JSX are ordinary assignability complaints about code that runs (a warning).
  { rule: 'in-jsx', codes: [2322, 2741, 2739, 2740, 2769, 2559, 2353, 2561, 2820, 2745, 2746, 2747] },
  // A member that does not exist is undefined at run time. That throws only when the value is then used:
  // called (`items.mapp(...)`), rendered as a tag (`<Icons.Twiter />`), or read further (`tier.prices.monthly`),
  // so those are refused. Read on its own (`{tier.titel}`), it renders nothing; and the DOM types are
  // narrower than the objects the browser passes (`e.target.value` on an EventTarget works), so a plain
  // read is a warning rather than a refusal of code that runs.
  { rule: 'dereferenced', codes: [2339, 2551] },
  // Calling or constructing what cannot be: a TypeError ("x is not a function", a class called without new).
  { rule: 'always', codes: [2349, 2351, 2348] },
  // Used before its declaration: `const`/`let`/class/enum in the temporal dead zone throw a ReferenceError.
  // (2454, "used before being assigned", is only undefined, like a possibly-undefined value: a warning.)
  { rule: 'always', codes: [2448, 2449, 2450] },
  // A name declared twice in one scope, or two default exports: the compiler (SWC in the preview) rejects
  // the module, so it does not load.
  { rule: 'always', codes: [2300, 2451, 2393, 2440, 2323, 2528] },
];

const rules: ReadonlyMap<number, Rule> = new Map(groups.flatMap(({ rule, codes }) => codes.map((code) => [code, rule] as const)));

/** Whether a TypeScript error with this code, at this site, breaks the page (refuse the change) or is a warning. */
export function isPageBreaking(code: number, site: DiagnosticSite): boolean {
  if (site.syntax) return true;
  switch (rules.get(code)) {
    case 'always':
      return true;
    case 'in-jsx':
      return site.inJsx;
    case 'dereferenced':
      return site.dereferenced;
    case undefined:
      return false;
  }
}

/** Codes whose classification depends on the site (so the AST is worth reading); the others do not. */
export function dependsOnSite(code: number): boolean {
  const rule = rules.get(code);
  return rule === 'in-jsx' || rule === 'dereferenced';
}
