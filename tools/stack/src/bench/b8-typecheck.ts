import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { checkerTsconfig, TypeChecker } from '@studio/typecheck';
import { defaultTemplateFiles } from './default-template.js';
import { type Row, stats, timeIt } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);
// The preview image's packages: the types a project's imports resolve to.
const TYPES_ROOT = resolve('docker/preview');
// TypeScript 7's own bin, the compiler the type-checker runs (and the repository's typecheck).
const TSC = resolve('node_modules/typescript/bin/tsc');

type Files = Map<string, string | Buffer>;
/** An edit the model makes at one `</code>`: the path it writes and the project as it will be. */
type Edit = (files: Files, run: number) => { path: string; files: Files };

const replaced = (files: Files, path: string, from: string | RegExp, to: string): Files => {
  const text = String(files.get(path));
  const next = text.replace(from, to);
  if (next === text) throw new Error(`B8: the edit of ${path} changed nothing`);
  return new Map(files).set(path, next);
};

/** Hero.tsx as a model writes it whole: the props App.tsx passes, new copy and layout. */
const rewrittenHero = (run: number) => `import { ArrowRight, Sparkles } from 'lucide-react';

export interface HeroProps {
  eyebrow?: string;
  title?: string;
  subtitle?: string;
  primaryAction?: { label: string; href: string };
  secondaryAction?: { label: string; href: string };
  note?: string;
}

export default function Hero({
  eyebrow = 'Version ${run}',
  title = 'Analytics your whole team can read',
  subtitle = 'Every event, explained in plain language.',
  primaryAction = { label: 'Start free', href: '#pricing' },
  secondaryAction,
  note,
}: HeroProps) {
  return (
    <section id="top" className="relative isolate overflow-hidden px-6 py-24 text-center">
      <p className="mx-auto inline-flex items-center gap-2 rounded-full bg-accent px-4 py-1.5 text-sm font-semibold">
        <Sparkles aria-hidden="true" className="size-4" />
        {eyebrow}
      </p>
      <h1 className="mt-6 text-5xl font-bold">{title}</h1>
      <p className="mx-auto mt-6 max-w-2xl text-lg text-muted-foreground">{subtitle}</p>
      <div className="mt-10 flex justify-center gap-3">
        <a href={primaryAction.href} className="inline-flex items-center gap-2 rounded-control bg-primary px-6 py-3 font-semibold text-primary-foreground">
          {primaryAction.label}
          <ArrowRight aria-hidden="true" className="size-4" />
        </a>
        {secondaryAction && (
          <a href={secondaryAction.href} className="rounded-control border border-border px-6 py-3 font-semibold">
            {secondaryAction.label}
          </a>
        )}
      </div>
      {note && <p className="mt-6 text-sm text-muted-foreground">{note}</p>}
    </section>
  );
}
`;

// Realistic edits of the default template, taken in turn: the hero rewritten whole, a section patched, App.tsx patched.
const templateEdits: Edit[] = [
  (files, run) => ({ path: 'src/components/Hero.tsx', files: new Map(files).set('src/components/Hero.tsx', rewrittenHero(run)) }),
  (files, run) => ({ path: 'src/components/Pricing.tsx', files: replaced(files, 'src/components/Pricing.tsx', /monthlyPrice: '\$\d+'/, `monthlyPrice: '$${run}'`) }),
  (files, run) => ({ path: 'src/App.tsx', files: replaced(files, 'src/App.tsx', /title="Every answer[^"]*"/, `title="Every answer, in plain language (${run})"`) }),
];

/** The default template grown to `total` files with generated sections, each with its props and an icon, all rendered by App.tsx. */
function largeProject(template: Files, total: number): Files {
  const files = new Map(template);
  const names = Array.from({ length: total - files.size }, (_, i) => `Section${i}`);
  for (const [i, name] of names.entries()) {
    files.set(
      `src/sections/${name}.tsx`,
      `import { Check } from 'lucide-react';\n\nexport interface ${name}Props {\n  title: string;\n  items?: string[];\n}\n\n` +
        `export default function ${name}({ title, items = ['Fast', 'Private', 'Simple'] }: ${name}Props) {\n` +
        `  return (\n    <section id="section-${i}" className="px-6 py-16">\n      <h2 className="text-2xl font-bold">{title}</h2>\n` +
        `      <ul>{items.map((item) => <li key={item}><Check aria-hidden="true" className="size-4" /> {item}</li>)}</ul>\n    </section>\n  );\n}\n`,
    );
  }
  const imports = names.map((n) => `import ${n} from './sections/${n}';`).join('\n');
  files.set('src/App.tsx', `${imports}\n\nexport default function App() {\n  return (\n    <main>\n${names.map((n) => `      <${n} title="${n}" />`).join('\n')}\n    </main>\n  );\n}\n`);
  return files;
}

const largeEdits: Edit[] = [
  (files, run) => ({ path: 'src/sections/Section42.tsx', files: replaced(files, 'src/sections/Section42.tsx', /items = \[[^\]]*\]/, `items = ['Fast', 'Private', 'Run ${run}']`) }),
  (files, run) => ({ path: 'src/App.tsx', files: replaced(files, 'src/App.tsx', /<Section7 title="[^"]*"/, `<Section7 title="Seven (${run})"`) }),
];

/** Times N checks, each after the next edit of the project as the previous check left it. */
async function timeChecks(checker: TypeChecker, key: string, start: Files, edits: Edit[]): Promise<number[]> {
  let files = start;
  let run = 0;
  return timeIt(N, async () => {
    const edit = edits[run % edits.length](files, run);
    run++;
    files = edit.files;
    const result = checker.check(key, files, [edit.path]);
    if (result.diagnostics.some((d) => d.breaksPage)) throw new Error(`B8: the edit of ${edit.path} broke the page: ${JSON.stringify(result.diagnostics)}`);
  });
}

/** `tsc --noEmit` (TypeScript 7, the native compiler) of the same files on disk, with the same tsconfig and types. */
async function timeTsc(files: Files): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-b8-'));
  try {
    for (const [path, content] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    writeFileSync(join(dir, 'tsconfig.json'), checkerTsconfig());
    symlinkSync(join(TYPES_ROOT, 'node_modules'), join(dir, 'node_modules'));
    return await timeIt(N, async () => execFileSync(TSC, ['-p', join(dir, 'tsconfig.json')], { stdio: 'pipe' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * B8: the type check at each `</code>` (one changed file, checked with its importers in the project's kept
 * program), for the default template and a 300-file project, beside a full `tsc --noEmit` of the same files.
 */
export async function benchTypecheck(): Promise<{ rows: Row[] }> {
  const template: Files = new Map(Object.entries(await defaultTemplateFiles()));
  const large = largeProject(template, 300);
  const checker = new TypeChecker({ typesRoot: TYPES_ROOT });
  try {
    const code = (files: Files) => [...files.keys()].filter((p) => /^src\/.*\.tsx?$/.test(p));
    const cold = performance.now();
    checker.check('template', template, code(template));
    const coldMs = performance.now() - cold;
    // A new project while the compiler is warm (the library .d.ts already parsed): the first check of each project.
    let fresh = 0;
    const firstChecks = await timeIt(N, async () => checker.check(`fresh-${fresh++}`, template, code(template)));
    const perEdit = await timeChecks(checker, 'template', template, templateEdits);
    checker.check('large', large, code(large));
    const perEditLarge = await timeChecks(checker, 'large', large, largeEdits);
    const tsc = stats(await timeTsc(template));
    const tscLarge = stats(await timeTsc(large));
    const reference = (s: typeof tsc) => ({ name: 'tsc --noEmit', stats: s });
    return {
      rows: [
        { figure: `B8 per </code>, default template (${template.size} files)`, stats: stats(perEdit), reference: reference(tsc), bar: 'p50 ≤ 100, p95 ≤ 250' },
        { figure: `B8 per </code>, ${large.size}-file project`, stats: stats(perEditLarge), reference: reference(tscLarge) },
        { figure: 'B8 first check of a project (compiler warm)', stats: stats(firstChecks), reference: reference(tsc) },
        { figure: 'B8 first check, compiler cold (process start)', stats: stats([coldMs]), reference: reference(tsc) },
      ],
    };
  } finally {
    checker.dispose();
  }
}
