import type { TypeDiagnostic } from './diagnostic.js';
import { edited, PREVIEW_TYPES, templateProject } from './testing/landing-project.js';
import { TypeChecker } from './type-checker.js';

// The realistic mistakes a model makes in the default template, each checked as the validator will: the
// whole project as it will be, and the path the model just wrote.
const landing = templateProject('landing');
let checker: TypeChecker;
beforeAll(() => {
  checker = new TypeChecker({ typesRoot: PREVIEW_TYPES });
  checker.check('landing', landing, []); // the compiler's cold start (about a second), outside any test's time
}, 60_000);
afterAll(() => checker.dispose());

/** 1-based line and column of the first occurrence of `snippet` (after `after`, when given) in `text`. */
function locate(text: string, snippet: string, after = ''): { line: number; column: number } {
  const from = after ? text.indexOf(after) : 0;
  const offset = text.indexOf(snippet, from);
  if (from < 0 || offset < 0) throw new Error(`"${snippet}" is not in the text`);
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

const breaking = (d: TypeDiagnostic[]) => d.filter((x) => x.breaksPage);
const check = (files: ReadonlyMap<string, string | Buffer>, path: string) => checker.check('landing', files, [path]);
const text = (files: ReadonlyMap<string, string | Buffer>, path: string) => String(files.get(path));

describe('TypeChecker on the default template', () => {
  it('finds nothing that breaks the clean page, in any of its files', () => {
    const code = [...landing.keys()].filter((p) => /^src\/.*\.tsx?$/.test(p));
    const result = checker.check('landing', landing, code);
    expect(result.checked).toEqual([...code].sort());
    // No warnings either: the templates are written strict-clean; print any, so a regression names itself.
    if (result.diagnostics.length > 0) process.stdout.write(`${JSON.stringify(result.diagnostics, null, 2)}\n`);
    expect(result.diagnostics).toEqual([]);
  });

  it.each([
    ['Twitter', 2305],
    ['Github', 2305],
    ['ChartBar3', 2724],
  ])('refuses a lucide icon that does not exist: %s in the footer', (icon, code) => {
    const files = edited(landing, 'src/components/Footer.tsx', (t) =>
      t
        .replace("import { ChartNoAxesColumn } from 'lucide-react';", `import { ChartNoAxesColumn, ${icon} } from 'lucide-react';`)
        .replace('{brand}\n', `{brand}\n              <${icon} className="size-4" />\n`),
    );
    const { diagnostics } = check(files, 'src/components/Footer.tsx');
    expect(diagnostics).toEqual([
      { file: 'src/components/Footer.tsx', ...locate(text(files, 'src/components/Footer.tsx'), icon), code, message: expect.stringContaining(`'${icon}'`), breaksPage: true },
    ]);
  });

  it('refuses a named import of what a project file exports as default', () => {
    const files = edited(landing, 'src/App.tsx', (t) => t.replace("import Hero from './components/Hero';", "import { Hero } from './components/Hero';"));
    const { diagnostics } = check(files, 'src/App.tsx');
    expect(breaking(diagnostics)).toEqual([
      { file: 'src/App.tsx', ...locate(text(files, 'src/App.tsx'), 'Hero }'), code: 2614, message: expect.stringContaining('import Hero from'), breaksPage: true },
    ]);
  });

  it('refuses useState used without its import', () => {
    const files = edited(landing, 'src/components/Pricing.tsx', (t) => t.replace("import { useState } from 'react';\n", ''));
    const { diagnostics } = check(files, 'src/components/Pricing.tsx');
    expect(diagnostics).toEqual([
      { file: 'src/components/Pricing.tsx', ...locate(text(files, 'src/components/Pricing.tsx'), 'useState('), code: 2304, message: "Cannot find name 'useState'.", breaksPage: true },
    ]);
  });

  it('refuses a helper that is not defined', () => {
    const files = edited(landing, 'src/components/Pricing.tsx', (t) => t.replace('{yearly ? tier.yearlyPrice : tier.monthlyPrice}', '{formatPrice(yearly ? tier.yearlyPrice : tier.monthlyPrice)}'));
    const { diagnostics } = check(files, 'src/components/Pricing.tsx');
    expect(diagnostics).toEqual([
      { file: 'src/components/Pricing.tsx', ...locate(text(files, 'src/components/Pricing.tsx'), 'formatPrice('), code: 2304, message: "Cannot find name 'formatPrice'.", breaksPage: true },
    ]);
  });

  it('refuses an import of a module that does not exist (a typo in the path)', () => {
    const files = edited(landing, 'src/App.tsx', (t) => t.replace("from './components/Testimonials';", "from './components/Testimonial';"));
    const { diagnostics } = check(files, 'src/App.tsx');
    expect(diagnostics).toEqual([
      { file: 'src/App.tsx', ...locate(text(files, 'src/App.tsx'), "'./components/Testimonial'"), code: 2307, message: expect.stringContaining('./components/Testimonial'), breaksPage: true },
    ]);
  });

  it('refuses a section rendered with a guessed prop name', () => {
    const files = edited(landing, 'src/App.tsx', (t) => t.replace('<Pricing\n', "<Pricing\n          plans={[{ name: 'Team', price: '$49' }]}\n"));
    const { diagnostics } = check(files, 'src/App.tsx');
    expect(diagnostics).toEqual([
      { file: 'src/App.tsx', ...locate(text(files, 'src/App.tsx'), 'plans='), code: 2322, message: expect.stringContaining("Property 'plans' does not exist"), breaksPage: true },
    ]);
  });

  it('refuses a model-written component rendered without its required prop', () => {
    const badge = 'export default function Badge({ label }: { label: string }) {\n  return <span className="badge">{label.toUpperCase()}</span>;\n}\n';
    const files = edited(new Map(landing).set('src/components/Badge.tsx', badge), 'src/App.tsx', (t) =>
      t
        .replace("import Faq from './components/Faq';", "import Badge from './components/Badge';\nimport Faq from './components/Faq';")
        .replace('<main id="main">', '<main id="main">\n        <Badge />'),
    );
    const { diagnostics } = checker.check('landing', files, ['src/components/Badge.tsx', 'src/App.tsx']);
    expect(diagnostics).toEqual([
      { file: 'src/App.tsx', ...locate(text(files, 'src/App.tsx'), 'Badge />'), code: 2741, message: expect.stringContaining("Property 'label' is missing"), breaksPage: true },
    ]);
  });

  it('refuses a JSX tag that is an element, not a component', () => {
    const files = edited(landing, 'src/components/Footer.tsx', (t) =>
      t.replace('const defaultLegal', 'const Mark = <ChartNoAxesColumn className="size-4" />;\n\nconst defaultLegal').replace('{brand}\n', '{brand}\n              <Mark />\n'),
    );
    const { diagnostics } = check(files, 'src/components/Footer.tsx');
    const at = locate(text(files, 'src/components/Footer.tsx'), 'Mark />');
    expect(diagnostics).toContainEqual({ file: 'src/components/Footer.tsx', ...at, code: 2604, message: expect.stringContaining("'Mark'"), breaksPage: true });
    expect(diagnostics.every((d) => d.breaksPage && d.line === at.line)).toBe(true);
  });

  it('reports type slips that still run as warnings: implicit any, possibly undefined, assignability outside JSX, a plain read of a missing member', () => {
    const files = edited(landing, 'src/components/Pricing.tsx', (t) =>
      t.replace(
        '  const [yearly, setYearly] = useState(false);',
        [
          '  const [yearly, setYearly] = useState(false);',
          '  const unused = 42;',
          '  const label = (value) => `${value}`;',
          "  const team = tiers.find((t) => t.name === 'Team');",
          '  const teamName = team.name;',
          "  const count: number = '3';",
          '  const onInput = (e: React.FormEvent<HTMLFormElement>) => console.log(e.target.value, label(teamName), count);',
        ].join('\n'),
      ),
    );
    const { diagnostics } = check(files, 'src/components/Pricing.tsx');
    const pricing = text(files, 'src/components/Pricing.tsx');
    expect(diagnostics.map((d) => ({ at: [d.line, d.column], code: d.code, breaksPage: d.breaksPage }))).toEqual([
      { at: Object.values(locate(pricing, 'value)', 'const label')), code: 7006, breaksPage: false },
      { at: Object.values(locate(pricing, 'team.name')), code: 18048, breaksPage: false },
      { at: Object.values(locate(pricing, 'count: number')), code: 2322, breaksPage: false },
      { at: Object.values(locate(pricing, 'value, label')), code: 2339, breaksPage: false },
    ]);
    // `unused` is no diagnostic at all: the template's tsconfig does not ask for unused checks.
    expect(diagnostics.some((d) => d.line === locate(pricing, 'unused').line)).toBe(false);
  });

  it('refuses a member that does not exist when it is called or read further', () => {
    const files = edited(landing, 'src/components/Pricing.tsx', (t) => t.replace('{tier.features.map(', '{tier.feature.map('));
    const { diagnostics } = check(files, 'src/components/Pricing.tsx');
    // (The callback's parameter is then an implicit any: a warning beside it.)
    expect(breaking(diagnostics)).toEqual([
      {
        file: 'src/components/Pricing.tsx',
        ...locate(text(files, 'src/components/Pricing.tsx'), 'feature.map'),
        code: 2551,
        message: expect.stringContaining("Did you mean 'features'?"),
        breaksPage: true,
      },
    ]);
  });

  it('accepts the imports Vite serves that are not TypeScript: css, svg, json, import.meta.env', () => {
    const files = edited(
      new Map(landing).set('src/assets/logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')).set('src/content.json', '{ "headline": "Hello" }'),
      'src/components/Hero.tsx',
      (t) =>
        `import logo from '../assets/logo.svg';\nimport content from '../content.json';\nimport '../index.css';\nconst api: string = import.meta.env.VITE_API_URL ?? content.headline + logo;\n${t}`,
    );
    const { diagnostics, checked } = check(files, 'src/components/Hero.tsx');
    expect(checked).toEqual(['src/App.tsx', 'src/components/Hero.tsx']);
    expect(diagnostics).toEqual([]);
  });
});

describe('what a change reaches', () => {
  it('reports the error in App.tsx when Hero.tsx drops a prop App passes', () => {
    const files = edited(landing, 'src/components/Hero.tsx', (t) =>
      t
        .replace('  note?: string;\n', '')
        .replace("  note = 'Free for 14 days · No credit card · Set up in five minutes',\n", '')
        .replace('{note && <p className="mt-6 text-sm text-muted-foreground">{note}</p>}', ''),
    );
    const { diagnostics, checked } = check(files, 'src/components/Hero.tsx');
    expect(checked).toEqual(['src/App.tsx', 'src/components/Hero.tsx']);
    expect(diagnostics).toEqual([
      { file: 'src/App.tsx', ...locate(text(files, 'src/App.tsx'), 'note='), code: 2322, message: expect.stringContaining("Property 'note' does not exist"), breaksPage: true },
    ]);
  });

  it('reports the importers of a deleted file', () => {
    const files = new Map(landing);
    files.delete('src/components/Testimonials.tsx');
    const { diagnostics, checked } = check(files, 'src/components/Testimonials.tsx');
    expect(checked).toEqual(['src/App.tsx']);
    expect(diagnostics).toEqual([{ file: 'src/App.tsx', ...locate(text(files, 'src/App.tsx'), "'./components/Testimonials'"), code: 2307, message: expect.any(String), breaksPage: true }]);
  });

  it('re-checks every file when a declaration file changes (it may declare globals)', () => {
    const files = edited(landing, 'src/vite-env.d.ts', (t) => `${t}\ndeclare const __APP_VERSION__: string;\n`);
    const { checked } = check(files, 'src/vite-env.d.ts');
    expect(checked).toEqual([...landing.keys()].filter((p) => /^src\/.*\.tsx?$/.test(p)).sort());
  });

  it('re-checks only the changed file and its importers after a one-line change', () => {
    const key = 'landing-incremental';
    const first = checker.check(key, landing, ['src/components/Stats.tsx']);
    expect(first.checked).toEqual(['src/App.tsx', 'src/components/Stats.tsx']);
    const files = edited(landing, 'src/components/Faq.tsx', (t) => t.replace("question: 'How long does it take to set up?'", "question: 'How long does setup take?'"));
    const second = checker.check(key, files, ['src/components/Faq.tsx']);
    expect(second.checked).toEqual(['src/App.tsx', 'src/components/Faq.tsx']);
    expect(second.diagnostics).toEqual([]);
    // A check with nothing changed reuses the program as it is and still answers.
    expect(checker.check(key, files, ['src/main.tsx'])).toMatchObject({ checked: ['src/main.tsx'], diagnostics: [] });
    checker.dispose(key);
  });
});
