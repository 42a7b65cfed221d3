import { Refused } from './refusals.js';
import { WorkingTree } from './working-tree.js';
import { checkWrite, guardProtected, type WriteRules } from './write-checks.js';

const rules: WriteRules = { packages: new Set(['react']), limits: { maxFileBytes: 100, maxFiles: 3, maxProjectBytes: 200, maxPathLength: 256 } };
const tree = () =>
  new WorkingTree(
    new Map([
      ['src/App.tsx', Buffer.from('export default 1;\n')],
      ['package.json', Buffer.from('{"name":"p","scripts":{"dev":"vite"}}')],
    ]),
  );
const check = (path: string, text: string, t = tree()) => checkWrite(path, text, Buffer.from(text), t, rules);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof Refused) return err.code;
    throw err;
  }
  return 'passed';
};

describe('checkWrite', () => {
  it('returns the relative imports the tree does not have yet; a file may import itself', () => {
    const unresolved = check('src/Card.tsx', "import App from './App';\nimport { Badge } from './Badge';\nimport './Card';\nexport const Card = 1;\n");
    expect(unresolved.map((r) => [r.specifier, r.line])).toEqual([['./Badge', 2]]);
  });

  it.each([
    ['a syntax error', 'src/a.ts', 'const = ;\n', 'SYNTAX_ERROR'],
    ['eval', 'src/a.ts', 'eval("1");\n', 'DANGEROUS_CODE'],
    ['a package the preview does not have', 'src/a.ts', "import x from 'left-pad';\n", 'IMPORT_NOT_AVAILABLE'],
    ['a file over the size limit', 'src/a.ts', `// ${'x'.repeat(120)}\n`, 'FILE_TOO_LARGE'],
    ['package.json scripts', 'package.json', '{"name":"p","scripts":{"dev":"node evil.js"}}', 'PROTECTED_FILE'],
  ])('refuses %s', (_what, path, text, code) => {
    expect(codeOf(() => check(path, text))).toBe(code);
  });

  it('refuses a file past the project limits, counting a rewrite of an existing file as no new file', () => {
    const t = tree();
    t.write('src/B.tsx', Buffer.from('export {};\n'));
    expect(codeOf(() => check('src/C.tsx', 'export {};\n', t))).toBe('PROJECT_TOO_MANY_FILES');
    expect(codeOf(() => check('src/B.tsx', 'export const b = 2;\n', t))).toBe('passed');
    const big = new WorkingTree(new Map([['src/a.ts', Buffer.from('x'.repeat(150))]]));
    expect(codeOf(() => check('src/b.ts', `// ${'y'.repeat(60)}\n`, big))).toBe('PROJECT_TOO_LARGE');
  });

  it('names the available packages when a bare import is refused', () => {
    expect(() => check('src/a.ts', "import x from 'lodash/fp';\n")).toThrow("src/a.ts line 1 imports 'lodash/fp', which the preview does not have (available: react).");
  });
});

describe('guardProtected', () => {
  it('refuses deleting package.json and allows an ordinary file', () => {
    expect(codeOf(() => guardProtected({ action: 'delete', path: 'package.json' }, tree()))).toBe('PROTECTED_FILE');
    expect(codeOf(() => guardProtected({ action: 'delete', path: 'src/App.tsx' }, tree()))).toBe('passed');
  });
});
