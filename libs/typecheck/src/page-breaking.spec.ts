import { isPageBreaking } from './page-breaking.js';
import { PREVIEW_TYPES, templateProject } from './testing/landing-project.js';
import { TypeChecker } from './type-checker.js';

const site = (s: Partial<{ syntax: boolean; inJsx: boolean; dereferenced: boolean }> = {}) => ({ syntax: false, inJsx: false, dereferenced: false, ...s });

describe('isPageBreaking', () => {
  it('refuses what fails at load or render time wherever it is', () => {
    for (const code of [2305, 2724, 2614, 1192, 2304, 2552, 2307, 2786, 2604, 2349, 2448, 2451]) expect(isPageBreaking(code, site())).toBe(true);
  });

  it('refuses prop and child type errors only inside JSX', () => {
    for (const code of [2322, 2741, 2739, 2740, 2769, 2559, 2353]) {
      expect(isPageBreaking(code, site({ inJsx: true }))).toBe(true);
      expect(isPageBreaking(code, site())).toBe(false);
    }
  });

  it('refuses a missing member only when its value is used', () => {
    for (const code of [2339, 2551]) {
      expect(isPageBreaking(code, site({ dereferenced: true }))).toBe(true);
      expect(isPageBreaking(code, site({ inJsx: true }))).toBe(false);
    }
  });

  it('keeps strictness complaints as warnings: implicit any, possibly undefined, unused, used before assigned, arguments', () => {
    for (const code of [7006, 7031, 7053, 18048, 18047, 2532, 6133, 2454, 2345, 2554, 7016, 5097]) {
      expect(isPageBreaking(code, site({ inJsx: true, dereferenced: true }))).toBe(false);
    }
  });

  it('refuses any parse error', () => {
    expect(isPageBreaking(1005, site({ syntax: true }))).toBe(true);
  });
});

// The site comes from the compiler's AST: these pin down the cases where the same code is refused or not.
describe('the site of a diagnostic, read from the AST', () => {
  const checker = new TypeChecker({ typesRoot: PREVIEW_TYPES });
  afterAll(() => checker.dispose());
  const base = templateProject('landing');
  beforeAll(() => checker.check('site', base, []), 60_000);
  const diagnose = (source: string) => {
    const files = new Map(base).set('src/components/Probe.tsx', source);
    return checker.check('site', files, ['src/components/Probe.tsx']).diagnostics.map((d) => ({ code: d.code, line: d.line, breaksPage: d.breaksPage }));
  };

  it('a lucide icon missing from a namespace import, rendered as a tag, is refused', () => {
    expect(diagnose("import * as Icons from 'lucide-react';\nexport default function Probe() {\n  return <Icons.Twiter />;\n}\n")).toEqual([{ code: 2339, line: 3, breaksPage: true }]);
  });

  it('a type error inside an event handler written in a JSX attribute is ordinary code (a warning)', () => {
    expect(diagnose("export default function Probe() {\n  return <button onClick={() => { const n: number = 'x'; console.log(n); }}>Go</button>;\n}\n")).toEqual([
      { code: 2322, line: 2, breaksPage: false },
    ]);
  });

  it('an object rendered as a child is refused (React throws on it)', () => {
    expect(diagnose("const tier = { name: 'Team' };\nexport default function Probe() {\n  return <p>{tier}</p>;\n}\n")).toEqual([{ code: 2322, line: 3, breaksPage: true }]);
  });

  it('a missing member behind ?. is a warning; destructured, it is refused', () => {
    const source = "const tier = { name: 'Team' };\nexport const a = tier.price?.toFixed();\nexport const { b } = tier.extra;\n";
    expect(diagnose(`${source}export default function Probe() {\n  return null;\n}\n`)).toEqual([
      { code: 2339, line: 2, breaksPage: false },
      { code: 2339, line: 3, breaksPage: true },
    ]);
  });

  it('an unknown lowercase tag is an element, not a missing component', () => {
    expect(diagnose('export default function Probe() {\n  return <marquee-box>Hi</marquee-box>;\n}\n')).toEqual([
      { code: 2339, line: 2, breaksPage: false },
      { code: 2339, line: 2, breaksPage: false }, // its closing tag
    ]);
  });
});
