import { StudioError } from '@studio/contracts';
import type { PreparedChange } from './changes.js';
import { commitRebasing } from './rebase-commit.js';

/** A store whose head is `head`: a finalize on an older base conflicts, as FileStore's compare-and-swap does. */
function fakeStore(head: number, changedPaths: string[] = []) {
  const finalized: number[] = [];
  const store = {
    head,
    finalized,
    async finalize(_projectId: string, base: number): Promise<{ version: number }> {
      finalized.push(base);
      if (base !== store.head) throw new StudioError('VERSION_CONFLICT', 'moved', { baseVersion: base, headVersion: store.head });
      store.head = base + 1;
      return { version: store.head };
    },
    async changedSince(): Promise<{ head: number; paths: string[] }> {
      return { head: store.head, paths: changedPaths };
    },
  };
  return store;
}

const write = (path: string): PreparedChange => ({ action: 'write', path, sha256: 'x', size: 1 });

describe('commitRebasing', () => {
  it('commits on the base when the head has not moved', async () => {
    const store = fakeStore(4);
    expect(await commitRebasing(store, 'p', 4, [write('a.ts')], { source: 'ai' })).toEqual({ version: 5 });
    expect(store.finalized).toEqual([4]);
  });

  it('goes on top of the new head when the files changed meanwhile are not its own', async () => {
    const store = fakeStore(6, ['other.ts']);
    const rebases: [number, number][] = [];
    const result = await commitRebasing(store, 'p', 4, [write('a.ts')], { source: 'ai' }, { onRebase: (from, onto) => rebases.push([from, onto]) });
    expect(result).toEqual({ version: 7 });
    expect(store.finalized).toEqual([4, 6]);
    expect(rebases).toEqual([[4, 6]]);
  });

  it('keeps the other version and fails when the same files changed (both sides of a rename count)', async () => {
    const store = fakeStore(6, ['old.ts']);
    const rename: PreparedChange = { action: 'rename', from: 'old.ts', path: 'new.ts' };
    const failure = commitRebasing(store, 'p', 4, [rename], { source: 'ai' }, { conflict: (paths, head) => new StudioError('VERSION_CONFLICT', `lost ${paths} to ${head}`) });
    await expect(failure).rejects.toThrow('lost old.ts to 6');
    expect(store.head).toBe(6);
  });

  it('fails with a plain VERSION_CONFLICT naming the paths when no conflict error is given', async () => {
    const store = fakeStore(5, ['a.ts']);
    await expect(commitRebasing(store, 'p', 4, [write('a.ts')], { source: 'ai' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT', details: { paths: ['a.ts'], headVersion: 5 } });
  });

  it('gives up after three rebases when other writers keep winning the race', async () => {
    const store = fakeStore(1);
    store.finalize = async (_p: string, base: number) => {
      store.finalized.push(base);
      store.head = base + 1; // someone else commits first, every time
      throw new StudioError('VERSION_CONFLICT', 'moved');
    };
    await expect(commitRebasing(store, 'p', 1, [write('a.ts')], { source: 'ai' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(store.finalized).toHaveLength(4);
  });

  it('does not retry other errors', async () => {
    const store = fakeStore(1);
    store.finalize = async () => {
      throw new StudioError('PROJECT_NOT_FOUND', 'gone');
    };
    await expect(commitRebasing(store, 'p', 1, [write('a.ts')], { source: 'ai' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });
});
