import { analyzeSource } from './source-analysis.js';

describe('analyzeSource: syntax', () => {
  it.each([
    ['src/a.ts', 'export const a: number = 1;\n'],
    ['src/A.tsx', 'export default function A() {\n  return <div className="a">hi</div>;\n}\n'],
    ['src/a.js', 'export const a = () => <b>x</b>;\n'],
    ['src/a.mjs', 'export default 1;\n'],
    [
      'src/a.css',
      '@import "tailwindcss";\n@theme { --color-brand: #123456; }\n.a { @apply text-lg; }\n@custom-variant dark (&:where(.dark, .dark *));\n@utility tab-4 { tab-size: 4; }\n@layer base { h1 { color: red; } }\n',
    ],
    ['src/a.json', '{"a": [1, 2]}'],
    ['README.md', 'not { code'],
  ])('accepts valid %s', (path, content) => {
    expect(analyzeSource(path, content).syntaxError).toBeNull();
  });

  it.each([
    ['src/a.ts', 'export const a = 1;\nconst = ;\n', 2],
    // JSX text runs on after '<div>;': the '}' on line 3 is where it breaks.
    ['src/A.tsx', 'export default function A() {\n  return <div>;\n}\n', 3],
    ['src/a.css', '.a { color: red; }\n.b { color: blue;\n', 2],
    ['src/a.css', '.a { content: "x;\n}\n', 1],
    ['src/a.css', '.a { color: red; }\n/* never closed\n', 2],
    ['src/a.css', '.a { color: red; }\n}\n', 2],
    ['src/a.json', '{\n  "a": 1,\n}', 3],
  ])('refuses %s with its line', (path, content, line) => {
    const { syntaxError } = analyzeSource(path, content);
    expect(syntaxError).toMatchObject({ code: 'SYNTAX_ERROR', line });
    expect(syntaxError!.message.startsWith(`${path}:${line}`)).toBe(true);
    expect(syntaxError!.message).not.toMatch(/\u001b|Stack backtrace/);
  });

  it('counts lines in UTF-8 text correctly across parses (SWC offsets are bytes and keep growing)', () => {
    analyzeSource('src/warm.ts', 'export const warm = "ünïcødé";\n'.repeat(50));
    const { dangerous } = analyzeSource('src/b.ts', 'const s = "héllo wörld ✓";\n// ünïcødé\n\neval(s);\n');
    expect(dangerous).toEqual([expect.objectContaining({ code: 'DANGEROUS_CODE', line: 4 })]);
  });
});

describe('analyzeSource: imports', () => {
  it('finds every import form with its line and kind', () => {
    const source = [
      "import React from 'react';",
      "import type { FC } from './types';",
      "import './side-effect.css';",
      "export * from './all';",
      "export { x } from './named';",
      "const lazy = import('./Lazy');",
      'const dynamic = import(name);',
      "const legacy = require('clsx');",
      "const img = new URL('./x.png', import.meta.url);",
      'const s = \'import nothing from "./in-a-string"\';',
    ].join('\n');
    expect(analyzeSource('src/a.tsx', source).imports).toEqual([
      { specifier: 'react', line: 1, kind: 'static' },
      { specifier: './types', line: 2, kind: 'static' },
      { specifier: './side-effect.css', line: 3, kind: 'static' },
      { specifier: './all', line: 4, kind: 'reexport' },
      { specifier: './named', line: 5, kind: 'reexport' },
      { specifier: './Lazy', line: 6, kind: 'dynamic' },
      { specifier: 'clsx', line: 8, kind: 'static' },
    ]);
  });

  it('finds CSS @import but not url() in declarations or comments', () => {
    const css = '@import "./base.css";\n@import url(theme.css);\n/* @import "./no.css"; */\n.a { background: url(./bg.png); }\n';
    expect(analyzeSource('src/a.css', css).imports).toEqual([
      { specifier: './base.css', line: 1, kind: 'css' },
      { specifier: 'theme.css', line: 2, kind: 'css' },
    ]);
  });
});

describe('analyzeSource: dangerous code', () => {
  it.each([
    ['eval("1")', 'eval'],
    ['window.eval("1")', 'eval'],
    ['new Function("return 1")', 'new Function'],
    ['Function("return 1")()', 'Function'],
    ['setTimeout("alert(1)", 10)', 'setTimeout'],
    ['setInterval(`tick()`, 10)', 'setInterval'],
    ['document.write("<p>")', 'document.write'],
  ])('flags %s', (code, what) => {
    const { dangerous } = analyzeSource('src/a.ts', `export function f() {\n  ${code};\n}\n`);
    expect(dangerous).toEqual([expect.objectContaining({ code: 'DANGEROUS_CODE', line: 2 })]);
    expect(dangerous[0].message).toContain(what);
  });

  it('does not flag the same words in strings, comments, or safe calls', () => {
    const code = '// eval("x") and new Function()\nconst s = "eval(1) document.write";\nsetTimeout(() => s, 10);\nconst evaluate = (x: number) => x;\nevaluate(1);\n';
    expect(analyzeSource('src/a.ts', code).dangerous).toEqual([]);
  });
});

describe('analyzeSource: size', () => {
  it('analyses a 3000-line TSX file', () => {
    const body = Array.from({ length: 3000 }, (_, i) => `      <li key="${i}">Item ${i}</li>`).join('\n');
    const started = performance.now();
    const result = analyzeSource('src/Big.tsx', `export default function Big() {\n  return (\n    <ul>\n${body}\n    </ul>\n  );\n}\n`);
    const ms = performance.now() - started;
    expect(result.syntaxError).toBeNull();
    console.log(`3000-line TSX analysed in ${ms.toFixed(1)} ms`);
  });
});
