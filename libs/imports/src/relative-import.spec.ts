import { isRelativeSpecifier, resolveRelativeImport } from './relative-import.js';

describe('resolveRelativeImport', () => {
  const files = new Set(['src/App.tsx', 'src/components/Hero.tsx', 'src/lib/index.ts', 'src/util.ts', 'src/styles.css', 'src/data.json']);
  const exists = (p: string) => files.has(p);
  it.each([
    ['src/main.tsx', './App', 'src/App.tsx'],
    ['src/App.tsx', './components/Hero', 'src/components/Hero.tsx'],
    ['src/components/Hero.tsx', '../lib', 'src/lib/index.ts'],
    ['src/App.tsx', './util.js', 'src/util.ts'],
    ['src/App.tsx', './styles.css?inline', 'src/styles.css'],
    ['src/App.tsx', './data.json', 'src/data.json'],
    ['src/App.tsx', './Missing', null],
    ['src/App.tsx', '../../outside', null],
    ['src/App.tsx', '../src/App', 'src/App.tsx'],
  ])('from %s, %s → %s', (from, spec, to) => expect(resolveRelativeImport(from, spec, exists)).toBe(to));

  it.each([
    // The exact path wins over an added extension, and `.ts` over `.tsx` when both exist.
    [['src/x', 'src/x.ts'], './x', 'src/x'],
    [['src/x.tsx', 'src/x.ts'], './x', 'src/x.ts'],
    // `.jsx` and `.mjs` specifiers may name TypeScript sources, as Vite's TypeScript resolution allows.
    [['src/Card.tsx'], './Card.jsx', 'src/Card.tsx'],
    [['src/worker.mts'], './worker.mjs', 'src/worker.mts'],
    [['src/worker.mjs'], './worker', 'src/worker.mjs'],
    // A folder's index in every extension, including a stylesheet; a trailing slash names the folder.
    [['src/styles/index.css'], './styles', 'src/styles/index.css'],
    [['src/lib/index.tsx'], './lib/', 'src/lib/index.tsx'],
    // A `#hash` is not part of the path; a file at the project's root resolves without a leading `./`.
    [['src/icon.svg'], './icon.svg#top', 'src/icon.svg'],
    [['theme.css'], '../theme.css', 'theme.css'],
  ])('with %j, %s from src/App.tsx → %s', (present, spec, to) => {
    expect(resolveRelativeImport('src/App.tsx', spec, (p) => present.includes(p))).toBe(to);
  });

  it('resolves from a file at the root of the project', () => {
    expect(resolveRelativeImport('main.ts', './src/App', (p) => p === 'src/App.tsx')).toBe('src/App.tsx');
    expect(resolveRelativeImport('main.ts', '../App', () => true)).toBeNull();
  });
});

describe('resolveRelativeImport for the type-checker (typeOnly)', () => {
  it.each([
    [['src/types.d.ts'], './types', 'src/types.d.ts'],
    [['src/worker.mts'], './worker', 'src/worker.mts'],
    [['src/lib/index.d.ts'], './lib', 'src/lib/index.d.ts'],
  ])('with %j, %s resolves only when declaration files count', (present, spec, to) => {
    const exists = (p: string) => present.includes(p);
    expect(resolveRelativeImport('src/App.tsx', spec, exists, { typeOnly: true })).toBe(to);
    // What the page loads: Vite has nothing to run there, so the validator calls the import unresolved.
    expect(resolveRelativeImport('src/App.tsx', spec, exists)).toBeNull();
  });

  it('resolves everything the page loads the same way', () => {
    const present = ['src/App.tsx', 'src/util.ts', 'src/styles.css', 'src/lib/index.ts'];
    const exists = (p: string) => present.includes(p);
    for (const spec of ['./App', './util.js', './styles.css?inline', './lib', './Missing']) {
      expect(resolveRelativeImport('src/main.tsx', spec, exists, { typeOnly: true })).toBe(resolveRelativeImport('src/main.tsx', spec, exists));
    }
  });
});

describe('isRelativeSpecifier', () => {
  it.each([
    ['./x', true],
    ['../x', true],
    ['.', false],
    ['.x', false],
    ['/abs', false],
    ['react', false],
    ['@scope/pkg', false],
  ])('%s → %s', (spec, relative) => expect(isRelativeSpecifier(spec)).toBe(relative));
});
