import { buildProgressOf, progressReader, stripAnsi, tailOf } from './site-builder.js';

describe('build progress', () => {
  it("reads the build script's JSON lines into a fraction that only the end makes 1", () => {
    expect(buildProgressOf('{"type":"progress","phase":"transform","transformed":0}')).toBe(0);
    const mid = buildProgressOf('{"type":"progress","phase":"transform","transformed":1100}')!;
    expect(mid).toBeGreaterThan(0.3);
    expect(mid).toBeLessThan(0.5);
    expect(buildProgressOf('{"type":"progress","phase":"transform","transformed":99999}')).toBe(0.85);
    expect(buildProgressOf('{"type":"progress","phase":"render"}')).toBe(0.9);
    expect(buildProgressOf('{"type":"done"}')).toBe(1);
    expect(buildProgressOf('vite v8 building for production...')).toBeNull();
  });

  it('splits chunks into lines, whatever the chunk boundaries', () => {
    const seen: number[] = [];
    const read = progressReader((f) => seen.push(f));
    read(Buffer.from('{"type":"progress","phase":"ren'));
    read(Buffer.from('der"}\nnoise\n{"type":"do'));
    read(Buffer.from('ne"}\n'));
    expect(seen).toEqual([0.9, 1]);
  });

  it('keeps the end of long output and drops terminal colours', () => {
    expect(stripAnsi('\x1b[31m[MISSING_EXPORT] \x1b[0m"X" is not exported')).toBe('[MISSING_EXPORT] "X" is not exported');
    expect(tailOf('a'.repeat(10) + 'END', 5)).toBe('…aaEND');
  });
});
