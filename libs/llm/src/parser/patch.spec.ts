import { applyPatch } from './patch.js';

const file = `import React from 'react';

export default function Hero() {
  return (
    <section>
      <h1>Old title</h1>
    </section>
  );
}
`;

describe('applyPatch', () => {
  it('applies an exact match', () => {
    const r = applyPatch(file, [{ search: '      <h1>Old title</h1>', replace: '      <h1>New title</h1>' }]);
    expect(r).toEqual({ ok: true, content: file.replace('Old title', 'New title') });
  });

  it('applies blocks in order, each on the result of the one before', () => {
    const r = applyPatch('a\nb\n', [
      { search: 'a', replace: 'x' },
      { search: 'x\nb', replace: 'y' },
    ]);
    expect(r).toEqual({ ok: true, content: 'y\n' });
  });

  it('falls back to ignoring trailing white space', () => {
    const r = applyPatch('const a = 1;   \nconst b = 2;\n', [{ search: 'const a = 1;\nconst b = 2;', replace: 'const a = 3;\nconst b = 4;' }]);
    expect(r).toEqual({ ok: true, content: 'const a = 3;\nconst b = 4;\n' });
  });

  it('falls back to ignoring indentation, and re-indents the replacement to the file', () => {
    const r = applyPatch(file, [{ search: '<section>\n  <h1>Old title</h1>\n</section>', replace: '<main>\n  <h1>New</h1>\n</main>' }]);
    expect(r.ok && r.content).toContain('    <main>\n      <h1>New</h1>\n    </main>\n');
  });

  it('refuses a SEARCH that matches nothing, or more than once, or is empty: never a guess', () => {
    expect(applyPatch(file, [{ search: '<h2>Nope</h2>', replace: 'x' }])).toMatchObject({ ok: false, code: 'PATCH_NO_MATCH', block: 0 });
    expect(applyPatch('a\na\n', [{ search: 'a', replace: 'b' }])).toMatchObject({ ok: false, code: 'PATCH_AMBIGUOUS' });
    expect(applyPatch('  a\n a\n', [{ search: 'a ', replace: 'b' }])).toMatchObject({ ok: false, code: 'PATCH_AMBIGUOUS' });
    expect(applyPatch(file, [{ search: '  \n', replace: 'x' }])).toMatchObject({ ok: false, code: 'PATCH_EMPTY_SEARCH' });
  });

  it('a failing block leaves nothing half-applied (the caller gets an error, not content)', () => {
    const r = applyPatch(file, [
      { search: 'Old title', replace: 'New' },
      { search: 'missing', replace: 'x' },
    ]);
    expect(r).toMatchObject({ ok: false, code: 'PATCH_NO_MATCH', block: 1 });
    expect('content' in r).toBe(false);
  });
});
