import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TypeChecker } from '@studio/typecheck';
import { ChangeValidator } from './change-validator.js';
import { WorkingTree } from './working-tree.js';

/**
 * The validator with the real type-checker (TypeScript against the preview image's own type definitions) on
 * a small React project shaped like a template: what a model gets wrong at its natural rate is refused with
 * TYPE_ERROR at the file and line it wrote, a props contract changed on both sides lands, and a change
 * knocked out by a refused one says so.
 */
const checker = new TypeChecker({ typesRoot: resolve('docker/preview') });
afterAll(() => checker.dispose());

const shell = (p: string) => readFileSync(resolve('templates/shell', p));
const project = () =>
  new WorkingTree(
    new Map<string, Buffer>([
      ['tsconfig.json', shell('tsconfig.json')],
      ['src/main.tsx', Buffer.from("import { createRoot } from 'react-dom/client';\nimport App from './App';\n\ncreateRoot(document.getElementById('root')!).render(<App />);\n")],
      ['src/App.tsx', Buffer.from('import Hero from \'./components/Hero\';\n\nexport default function App() {\n  return <Hero title="Hello" />;\n}\n')],
      [
        'src/components/Hero.tsx',
        Buffer.from("export interface HeroProps {\n  title?: string;\n}\n\nexport default function Hero({ title = 'Placeholder' }: HeroProps) {\n  return <h1>{title}</h1>;\n}\n"),
      ],
    ]),
  );

let n = 0;
const make = (tree = project()) => ({
  tree,
  v: new ChangeValidator(tree, {
    packages: new Set(['react', 'react-dom', 'lucide-react', 'clsx']),
    limits: { maxFileBytes: 100_000, maxFiles: 100, maxProjectBytes: 1_000_000, maxPathLength: 256 },
    components: { source: () => null, suggest: () => [] },
    // A key per test: each starts from its own project.
    typeChecker: { check: (files, paths) => checker.check(`validator-${n}`, files, paths).diagnostics },
  }),
});
beforeEach(() => n++);

const FOOTER = 'import { Twitter } from \'lucide-react\';\n\nexport default function Footer() {\n  return <footer><Twitter aria-hidden="true" /></footer>;\n}\n';

describe('ChangeValidator with the type-checker', () => {
  it('refuses an icon lucide-react does not export, at the file, line and column the model wrote', () => {
    const { v, tree } = make();
    v.check({ action: 'write', path: 'src/components/Footer.tsx', content: FOOTER });
    const { refused } = v.finish();
    expect(refused).toEqual([expect.objectContaining({ action: 'write', path: 'src/components/Footer.tsx', code: 'TYPE_ERROR', line: 1, column: 10, tsCode: 2305 })]);
    expect(refused[0].message).toMatch(/src\/components\/Footer\.tsx:1:10 TS2305: .*Twitter/);
    expect(tree.has('src/components/Footer.tsx')).toBe(false);
  });

  it('refuses a patch that uses useState without importing it, and reports the action as a patch', () => {
    const { v } = make();
    const out = v.check({
      action: 'patch',
      path: 'src/components/Hero.tsx',
      blocks: [{ search: '  return <h1>{title}</h1>;', replace: '  const [open, setOpen] = useState(false);\n  return <h1 onClick={() => setOpen(!open)}>{title}</h1>;' }],
    });
    expect(out.accepted).toEqual([]);
    const { refused } = v.finish();
    expect(refused).toEqual([expect.objectContaining({ action: 'patch', path: 'src/components/Hero.tsx', code: 'TYPE_ERROR', line: 6, tsCode: 2304 })]);
  });

  it('refuses guessed props on a section, naming the page file', () => {
    const { v } = make();
    v.check({ action: 'write', path: 'src/App.tsx', content: 'import Hero from \'./components/Hero\';\n\nexport default function App() {\n  return <Hero headline="Hello" />;\n}\n' });
    const { refused } = v.finish();
    expect(refused).toEqual([expect.objectContaining({ path: 'src/App.tsx', code: 'TYPE_ERROR', line: 4 })]);
    expect(refused[0].message).toMatch(/headline/);
  });

  it('lands a props contract changed on both sides, whichever side comes first', () => {
    const { v, tree } = make();
    // The component first: with a required prop App does not pass yet, it waits instead of being refused.
    expect(
      v.check({ action: 'write', path: 'src/components/Hero.tsx', content: 'export default function Hero({ heading }: { heading: string }) {\n  return <h1>{heading}</h1>;\n}\n' }).accepted,
    ).toEqual([]);
    // The page then passes the new prop, but against the old Hero it is also wrong on its own: both wait.
    v.check({ action: 'write', path: 'src/App.tsx', content: 'import Hero from \'./components/Hero\';\n\nexport default function App() {\n  return <Hero heading="Hello" />;\n}\n' });
    const done = v.finish();
    expect(done.refused).toEqual([]);
    expect(v.net.map((a) => a.view.path).sort()).toEqual(['src/App.tsx', 'src/components/Hero.tsx']);
    expect(tree.text('src/App.tsx')).toMatch(/heading="Hello"/);
  });

  it('says which refused change knocked a file out, and lands it once the repair fixes the cause', () => {
    const { v, tree } = make();
    v.check({ action: 'write', path: 'src/components/Footer.tsx', content: FOOTER });
    v.check({
      action: 'write',
      path: 'src/App.tsx',
      content: "import Footer from './components/Footer';\nimport Hero from './components/Hero';\n\nexport default function App() {\n  return <><Hero /><Footer /></>;\n}\n",
    });
    const { refused } = v.finish();
    expect(refused.find((r) => r.path === 'src/App.tsx')).toMatchObject({ code: 'IMPORT_UNRESOLVED', causedBy: 'src/components/Footer.tsx' });
    // The repair rewrites only the footer; the page it knocked out is tried again as it was.
    v.check({ action: 'write', path: 'src/components/Footer.tsx', content: FOOTER.replace(/Twitter/g, 'AtSign') });
    v.finish();
    v.retryKnockedOut();
    expect(v.refused).toEqual([]);
    expect(tree.text('src/App.tsx')).toMatch(/<Footer \/>/);
  });

  it('does not blame a change for errors the project already had', () => {
    const tree = project();
    tree.write('src/components/Broken.tsx', Buffer.from('export const Broken = () => <p>{missingName}</p>;\n'));
    const { v } = make(tree);
    v.check({ action: 'patch', path: 'src/components/Broken.tsx', blocks: [{ search: '<p>', replace: '<p className="text-lg">' }] });
    expect(v.finish().refused).toEqual([]);
  });

  it('reports diagnostics that cannot break the page as warnings, not refusals', () => {
    const { v } = make();
    v.check({ action: 'write', path: 'src/components/Stats.tsx', content: 'export default function Stats() {\n  const unused = 1;\n  return <p>Stats</p>;\n}\n' });
    expect(v.finish().refused).toEqual([]);
    expect(v.net.map((a) => a.view.path)).toEqual(['src/components/Stats.tsx']);
  });
});
