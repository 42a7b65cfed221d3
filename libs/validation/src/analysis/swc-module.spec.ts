import { type AstNode, parseModule, walkAst } from './swc-module.js';

/** Where each string literal of a file is, by the parse's positions. */
function stringPositions(path: string, text: string) {
  const parsed = parseModule(path, text)!;
  const out: { value: unknown; line: number; column: number }[] = [];
  walkAst(parsed.module.body, (n: AstNode) => {
    if (n.type === 'StringLiteral' && n.span) out.push({ value: n.value, ...parsed.position(n.span.start) });
  });
  return out;
}

describe('parseModule', () => {
  it('maps positions to lines and character columns after leading comments, a #! line and multi-byte text', () => {
    const text = '#!/usr/bin/env node\n/* ünïcødé header */\n// more\n\nconst a = "é✓";  const b = \'x\';\nexport const c = <p title="😀">{"y"}</p>;\n';
    // Parse something else first: SWC's offsets may carry on from one parse to the next.
    parseModule('src/warm.ts', 'export const warm = "ünïcødé";\n'.repeat(20));
    expect(stringPositions('src/a.tsx', text)).toEqual([
      { value: 'é✓', line: 5, column: 11 },
      { value: 'x', line: 5, column: 28 },
      { value: '😀', line: 6, column: 27 },
      { value: 'y', line: 6, column: 33 },
    ]);
  });

  it('is null for a file that is not TS/JS, or that does not parse', () => {
    expect(parseModule('src/index.css', '.a{}')).toBeNull();
    expect(parseModule('src/a.ts', 'const = ;')).toBeNull();
  });
});

describe('walkAst', () => {
  it('gives each node the chain of nodes above it', () => {
    const parsed = parseModule('src/a.tsx', 'export const A = () => <div style={{ color: "red" }} />;\n')!;
    let chain: string[] = [];
    walkAst(parsed.module.body, (n, ancestors) => {
      if (n.type === 'StringLiteral') chain = ancestors.map((a) => a.type);
    });
    expect(chain).toEqual(expect.arrayContaining(['JSXOpeningElement', 'JSXAttribute', 'ObjectExpression', 'KeyValueProperty']));
    expect(chain.indexOf('JSXAttribute')).toBeLessThan(chain.indexOf('KeyValueProperty'));
  });
});
