import type { VersionView } from '@studio/contracts';

/** contracts VERSION_NAME_MAX: the web client takes only types from contracts, so the number is restated (the API refuses longer). */
export const NAME_MAX = 100;

/** What a name typed in the list means: a name to set, null to take the name away (empty), or a refusal to show. */
export function nameFromInput(input: string): { name: string | null } | { error: string } {
  const name = input.trim();
  if (!name) return { name: null };
  if (name.length > NAME_MAX) return { error: `A name is at most ${NAME_MAX} characters.` };
  return { name };
}

/** The versions the list shows: all, or only the named ones (checkpoints). */
export const shownVersions = (versions: VersionView[], namedOnly: boolean): VersionView[] => (namedOnly ? versions.filter((v) => v.name) : versions);

/** The list with one version replaced by the API's answer for it (a name given or taken away). */
export const withVersion = (versions: VersionView[], updated: VersionView): VersionView[] => versions.map((v) => (v.number === updated.number ? updated : v));
