import { stagedBatch } from './preview-sync.js';

describe('stagedBatch', () => {
  it("turns a turn's changes into one speculative batch, in their order", () => {
    const batch = stagedBatch([
      { change: { action: 'write', path: 'src/App.tsx', content: Buffer.from('a') } },
      { change: { action: 'rename', from: 'src/Old.tsx', path: 'src/New.tsx' } },
      { change: { action: 'delete', path: 'src/Gone.tsx' } },
      { change: { action: 'write', path: 'src/B.tsx', content: Buffer.from('b') } },
    ]);
    expect(batch).toEqual({
      version: null,
      replace: false,
      writes: [
        { path: 'src/App.tsx', data: Buffer.from('a') },
        { path: 'src/B.tsx', data: Buffer.from('b') },
      ],
      deletes: ['src/Gone.tsx'],
      renames: [{ from: 'src/Old.tsx', path: 'src/New.tsx' }],
    });
  });

  it('is an empty batch for no changes', () => {
    expect(stagedBatch([])).toEqual({ version: null, replace: false, writes: [], deletes: [], renames: [] });
  });
});
