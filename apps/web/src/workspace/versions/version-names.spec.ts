import type { VersionView } from '@studio/contracts';
import { NAME_MAX, nameFromInput, shownVersions, withVersion } from './version-names';

const v = (number: number, name?: string): VersionView => ({ number, source: 'user', message: `v${number}`, createdAt: '2026-12-02T07:00:00.000Z', changes: [], ...(name ? { name } : {}) });

describe('version names in the list', () => {
  it('reads a typed name: trimmed; empty takes the name away; too long is refused', () => {
    expect(nameFromInput('  Before the redesign ')).toEqual({ name: 'Before the redesign' });
    expect(nameFromInput('   ')).toEqual({ name: null });
    expect(nameFromInput('x'.repeat(NAME_MAX))).toEqual({ name: 'x'.repeat(NAME_MAX) });
    expect(nameFromInput('x'.repeat(NAME_MAX + 1))).toEqual({ error: 'A name is at most 100 characters.' });
  });

  it('shows only the named versions when asked, in the same order', () => {
    const list = [v(4), v(3, 'Launch'), v(2), v(1, 'Template')];
    expect(shownVersions(list, false)).toBe(list);
    expect(shownVersions(list, true).map((x) => x.number)).toEqual([3, 1]);
  });

  it('replaces one version by the answer, keeping the others and the order', () => {
    const list = [v(3), v(2), v(1)];
    const next = withVersion(list, v(2, 'Checkpoint'));
    expect(next.map((x) => [x.number, x.name])).toEqual([
      [3, undefined],
      [2, 'Checkpoint'],
      [1, undefined],
    ]);
    expect(list[1].name).toBeUndefined();
  });
});
