import { StudioError } from '@studio/contracts';
import type { Manifest, StoredChange } from '@studio/data';
import type { PreparedChange } from './changes.js';
import type { FileLimits } from './limits.js';
import { checkPath } from './paths.js';

/**
 * Applies changes in order to a manifest and returns the new one (the input is not touched). A later change
 * sees the earlier ones: a write then a rename of the same file moves the new content.
 */
export function applyChanges(base: Manifest, changes: PreparedChange[], limits: FileLimits): Manifest {
  const next: Manifest = { ...base };
  for (const change of changes) {
    checkPath(change.path, limits);
    if (change.action === 'write') {
      if (change.size > limits.maxFileBytes) {
        throw new StudioError('FILE_TOO_LARGE', `${change.path} is ${change.size} bytes; the limit is ${limits.maxFileBytes}.`, { path: change.path, size: change.size, limit: limits.maxFileBytes });
      }
      next[change.path] = { sha256: change.sha256, size: change.size };
    } else if (change.action === 'delete') {
      if (!next[change.path]) throw new StudioError('FILE_NOT_FOUND', `Cannot delete ${change.path}: no such file.`, { path: change.path });
      delete next[change.path];
    } else {
      checkPath(change.from, limits);
      if (!next[change.from]) throw new StudioError('FILE_NOT_FOUND', `Cannot rename ${change.from}: no such file.`, { path: change.from });
      if (next[change.path] && change.path !== change.from) {
        throw new StudioError('PATH_EXISTS', `Cannot rename ${change.from} to ${change.path}: that file exists.`, { path: change.path });
      }
      const entry = next[change.from];
      delete next[change.from];
      next[change.path] = entry;
    }
  }
  checkProjectLimits(next, limits);
  return next;
}

export function checkProjectLimits(manifest: Manifest, limits: FileLimits) {
  const entries = Object.values(manifest);
  if (entries.length > limits.maxFiles) {
    throw new StudioError('PROJECT_TOO_MANY_FILES', `The project would have ${entries.length} files; the limit is ${limits.maxFiles}.`, { limit: limits.maxFiles });
  }
  const total = entries.reduce((sum, e) => sum + e.size, 0);
  if (total > limits.maxProjectBytes) {
    throw new StudioError('PROJECT_TOO_LARGE', `The project would hold ${total} bytes; the limit is ${limits.maxProjectBytes}.`, { limit: limits.maxProjectBytes });
  }
}

/** What the version history shows of a change: no content, only what happened to which path. */
export const toStoredChange = (c: PreparedChange): StoredChange => (c.action === 'rename' ? { action: 'rename', path: c.path, from: c.from } : { action: c.action, path: c.path });

export interface ManifestDelta {
  action: 'write' | 'delete' | 'rename';
  path: string;
  from?: string;
  before?: string;
  after?: string;
}

/**
 * The changes that turn `from` into `to`, sorted by path. A file that disappeared while a file with the same
 * content appeared is reported as a rename (the store's content addressing makes that exact).
 */
export function compareManifests(from: Manifest, to: Manifest): ManifestDelta[] {
  const deltas: ManifestDelta[] = [];
  const removed = Object.keys(from).filter((p) => !to[p]);
  const added = Object.keys(to).filter((p) => !from[p]);
  const removedByHash = new Map<string, string[]>();
  for (const p of removed) removedByHash.set(from[p].sha256, [...(removedByHash.get(from[p].sha256) ?? []), p]);
  const renamedFrom = new Set<string>();
  for (const p of added) {
    const origin = removedByHash.get(to[p].sha256)?.shift();
    if (origin) {
      renamedFrom.add(origin);
      deltas.push({ action: 'rename', path: p, from: origin, before: from[origin].sha256, after: to[p].sha256 });
    } else {
      deltas.push({ action: 'write', path: p, after: to[p].sha256 });
    }
  }
  for (const p of removed) if (!renamedFrom.has(p)) deltas.push({ action: 'delete', path: p, before: from[p].sha256 });
  for (const p of Object.keys(to)) {
    if (from[p] && from[p].sha256 !== to[p].sha256) deltas.push({ action: 'write', path: p, before: from[p].sha256, after: to[p].sha256 });
  }
  return deltas.sort((a, b) => a.path.localeCompare(b.path));
}
