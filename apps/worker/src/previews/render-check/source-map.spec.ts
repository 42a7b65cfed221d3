import { inlineSourceMap, originalPosition } from './source-map.js';

/**
 * A hand-made map (VLQ): served line 1 col 0 ← line 1 col 0; served line 2 col 0 ← line 10 col 2 and
 * col 10 ← line 10 col 8; served line 3 unmapped; served line 4 col 4 ← line 2 col 0.
 */
const MAP = { version: 3, sources: ['Hero.tsx'], names: [], mappings: 'AAAA;AASE,UAAM;;IARR' };
const served = (map: object | null) =>
  `import a from "/x.js";\nconst b = a + 1; const c = b;\n\n    run(c);\n${map ? `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n` : ''}`;

describe('originalPosition', () => {
  it('maps a 1-based served position to the 1-based position as written', () => {
    expect(originalPosition(served(MAP), { line: 2, column: 11 })).toEqual({ line: 10, column: 9 });
  });

  it('takes the nearest mapping at or before the column', () => {
    expect(originalPosition(served(MAP), { line: 2, column: 5 })).toEqual({ line: 10, column: 3 });
  });

  it('takes the first mapping after the column when the line has none before it (added indentation)', () => {
    expect(originalPosition(served(MAP), { line: 4, column: 1 })).toEqual({ line: 2, column: 1 });
  });

  it('gives nothing for a line with no mapping, or code with no inline map, rather than a wrong line', () => {
    expect(originalPosition(served(MAP), { line: 3, column: 1 })).toBeNull();
    expect(originalPosition(served(null), { line: 2, column: 11 })).toBeNull();
  });

  it('ignores a map that does not parse', () => {
    expect(inlineSourceMap('x;\n//# sourceMappingURL=data:application/json;base64,bm90IGpzb24=\n')).toBeNull();
  });
});
