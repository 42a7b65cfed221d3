import { resolveRelativeImport } from '@studio/imports';
import { rankFiles, relativeImports } from '@studio/llm';
import { ChangeValidator } from './change-validator.js';
import { WorkingTree } from './working-tree.js';

/**
 * The context ranker (libs/llm) and the validator read a file's relative imports with one resolver
 * (@studio/imports). Before, the ranker had its own suffix list: it missed a `.js` specifier naming a `.ts`
 * file, `.mjs`, `.json`, `?query` suffixes and a stylesheet folder index, and preferred `.tsx` over `.ts`.
 * Here, for each of those cases, the file the ranker calls imported is the one the validator resolves, and
 * the validator accepts the importing file at once exactly when the ranker finds that file.
 */
const cases: [title: string, specifier: string, files: string[], target: string | null][] = [
  ['a .js specifier naming a .ts file', './util.js', ['src/util.ts'], 'src/util.ts'],
  ['a .jsx specifier naming a .tsx file', './Card.jsx', ['src/Card.tsx'], 'src/Card.tsx'],
  ['an .mjs file without its extension', './worker', ['src/worker.mjs'], 'src/worker.mjs'],
  ['a .json file without its extension', './data', ['src/data.json'], 'src/data.json'],
  ['a ?query suffix', './styles.css?inline', ['src/styles.css'], 'src/styles.css'],
  ['a #hash suffix', './Hero#top', ['src/Hero.tsx'], 'src/Hero.tsx'],
  ['a folder whose index is a stylesheet', './theme', ['src/theme/index.css'], 'src/theme/index.css'],
  ['a folder whose index is .mjs', './lib', ['src/lib/index.mjs'], 'src/lib/index.mjs'],
  ['.ts before .tsx when both exist', './Button', ['src/Button.tsx', 'src/Button.ts'], 'src/Button.ts'],
  ['a file that is not there', './Missing', [], null],
];

const IMPORTER = 'src/App.tsx';
const sourceImporting = (specifier: string) => `import x from '${specifier}';\nexport default function App() { return <div>{String(x)}</div>; }\n`;
// Content each target parses as, whatever its extension.
const contentOf = (path: string) => (path.endsWith('.json') ? '{}' : path.endsWith('.css') ? '.a { color: red; }\n' : 'export default 1;\n');

describe('the ranker and the validator resolve relative imports alike', () => {
  it.each(cases)('%s', (_title, specifier, files, target) => {
    const exists = (p: string) => files.includes(p);
    const source = sourceImporting(specifier);

    // One resolver: what it answers is what both readers use.
    expect(resolveRelativeImport(IMPORTER, specifier, exists)).toBe(target);

    // The ranker: the file it pulls into the context as imported.
    expect(relativeImports(IMPORTER, source, exists)).toEqual(target ? [target] : []);
    const ranked = rankFiles(IMPORTER, new Map([[IMPORTER, source], ...files.map((f): [string, string] => [f, contentOf(f)])]), []);
    expect(ranked.filter((r) => r.reason === 'imported').map((r) => r.path)).toEqual(target ? [target] : []);

    // The validator: the importing file lands at once when its import resolves, and waits when it does not.
    const tree = new WorkingTree(new Map(files.map((f) => [f, Buffer.from(contentOf(f))])));
    const validator = new ChangeValidator(tree, {
      packages: new Set(['react']),
      limits: { maxFileBytes: 10_000, maxFiles: 20, maxProjectBytes: 100_000, maxPathLength: 256 },
      components: { source: () => null, suggest: () => [] },
    });
    const outcome = validator.check({ action: 'write', path: IMPORTER, content: source });
    expect(outcome.accepted.map((a) => a.view.path)).toEqual(target ? [IMPORTER] : []);
    const refused = validator.finish().refused;
    expect(refused.map((r) => r.code)).toEqual(target ? [] : ['IMPORT_UNRESOLVED']);
  });
});
