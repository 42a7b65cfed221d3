import { ENTRY_POINTS } from './rank-files.js';

/**
 * The order of the file blocks a turn sends, for the providers' prompt caches: a request's prefix that an
 * earlier request sent is served from cache (at about a tenth of the price), up to the first token that
 * differs. What is sent is decided elsewhere (by rank and budget); this only orders it.
 *
 * `stable`: files neither changed in the latest version nor named in the message, the least recently changed
 * first, so a file that leaves `fresh` joins the end of `stable` and the previous turn's stable part stays a
 * prefix. Among files last changed together, in the order the ranking admits them when the message names
 * nothing (`quietRank`): when the budget is tight, the files it admits one turn and not the next are the last
 * ones, so the difference falls at the end. `fresh`: the files the latest version changed, then the ones the
 * message names: the reply is likely to change those, and next turn they are the changed ones, at the end
 * again, so the prefix before them holds.
 */
export function orderForCache(
  paths: readonly string[],
  named: readonly string[],
  lastChanged: Readonly<Record<string, number>>,
  rankOf: (path: string) => number,
): { stable: string[]; fresh: string[] } {
  const versionOf = (p: string) => lastChanged[p] ?? 0;
  // 0 when nothing changed since the project was created: its first version is no turn's change.
  const latest = Math.max(0, ...Object.values(lastChanged));
  const isNamed = new Set(named);
  const byAge = (a: string, b: string) => versionOf(a) - versionOf(b) || rankOf(a) - rankOf(b) || (a < b ? -1 : a > b ? 1 : 0);
  const changed = (p: string) => latest > 0 && versionOf(p) === latest;
  const stable = paths.filter((p) => !isNamed.has(p) && !changed(p)).sort(byAge);
  const fresh = [...paths.filter((p) => !isNamed.has(p) && changed(p)).sort(byAge), ...paths.filter((p) => isNamed.has(p)).sort(byAge)];
  return { stable, fresh };
}

/**
 * Each file's place in the ranking without the message's part in it (no named files, nor what they import):
 * changed recently (most recent first), the entry points, then the rest smallest first, as rankFiles orders
 * them; the same from turn to turn while the project's recent changes stay the same.
 */
export function quietRank(sizes: ReadonlyMap<string, number>, recentlyChanged: readonly string[]): (path: string) => number {
  const order = [...new Set([...recentlyChanged, ...ENTRY_POINTS])].filter((p) => sizes.has(p));
  const listed = new Set(order);
  const rest = [...sizes.keys()].filter((p) => !listed.has(p)).sort((a, b) => sizes.get(a)! - sizes.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map([...order, ...rest].map((p, i) => [p, i]));
  return (path) => rank.get(path) ?? rank.size;
}
