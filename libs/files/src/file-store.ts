import type { Readable } from 'node:stream';
import { type DiffEntry, type FileEntry, StudioError, type VersionSource, type VersionView } from '@studio/contracts';
import { BlobClaimsRepository, type Manifest, type NewVersion, ProjectVersionsRepository, type VersionSummary } from '@studio/data';
// Types only: the DataSource the store is built on, and the transaction it shares with its callers.
import type { DataSource, EntityManager } from 'typeorm';
import type { BlobStore } from './blob-store.js';
import { type FileChange, type PreparedChange, sha256Hex } from './changes.js';
import type { FileLimits } from './limits.js';
import { applyChanges, compareManifests, toStoredChange } from './manifest.js';
import { checkPath } from './paths.js';
import { isText, unifiedDiff } from './text-diff.js';
import { zipManifest } from './zip.js';

export interface CommitMeta {
  source: VersionSource;
  message?: string;
  turnId?: string | null;
}

/**
 * The versioned file store (docs/ARCHITECTURE.md "Atomic versions, cheap snapshots"). A commit uploads its new
 * blobs first (idempotent), then in ONE transaction moves the project's head from N to N+1 only if it is
 * still N and inserts version N+1. So a commit lands whole or not at all, two commits on one base cannot
 * both win, and a process killed at any point leaves the head at a complete version (blobs uploaded for a
 * commit that never landed are orphans: harmless, collected later). Callers check ownership first; every
 * query (ProjectVersionsRepository, libs/data) is also scoped by project id.
 *
 * Longer than ~150 lines on purpose: it is the one facade over a project's versions (head, manifests, the
 * compare-and-swap) and their blobs, and each method is a few lines over the same two private helpers
 * (`manifestIn`, `headIn`); split, the halves would share those helpers and the invariant above through a
 * wider surface. Composite operations on top of it live beside it (rebase-commit.ts).
 */
export class FileStore {
  private readonly repository: ProjectVersionsRepository;
  private readonly claims: BlobClaimsRepository;

  constructor(
    db: DataSource,
    private readonly blobs: BlobStore,
    readonly limits: FileLimits,
  ) {
    this.repository = new ProjectVersionsRepository(db);
    this.claims = new BlobClaimsRepository(db);
  }

  /**
   * Phase 1 of a commit: checks paths and sizes, claims the new blobs (so the blob collector leaves them
   * alone until the commit lands: docs/ARCHITECTURE.md "Storage lifecycle"), uploads them. Nothing is visible yet.
   */
  async prepare(projectId: string, changes: FileChange[]): Promise<PreparedChange[]> {
    const writes = changes.flatMap((c) => (c.action === 'write' && c.content.length <= this.limits.maxFileBytes ? [sha256Hex(c.content)] : []));
    await this.claims.claim(projectId, writes);
    const prepared: PreparedChange[] = [];
    for (const change of changes) {
      checkPath(change.path, this.limits);
      if (change.action === 'write') {
        if (change.content.length > this.limits.maxFileBytes) {
          throw new StudioError('FILE_TOO_LARGE', `${change.path} is ${change.content.length} bytes; the limit is ${this.limits.maxFileBytes}.`, {
            path: change.path,
            size: change.content.length,
            limit: this.limits.maxFileBytes,
          });
        }
        prepared.push({ action: 'write', path: change.path, sha256: await this.blobs.put(projectId, change.content), size: change.content.length });
      } else {
        prepared.push(change);
      }
    }
    return prepared;
  }

  /**
   * Phase 2: the compare-and-swap transaction. Throws VERSION_CONFLICT when the head moved since
   * `baseVersion`. `alongside` runs inside the same transaction after the version is inserted (a turn records
   * its completion there): if it throws, the version does not land either.
   */
  async finalize(projectId: string, baseVersion: number, changes: PreparedChange[], meta: CommitMeta, alongside?: (tx: EntityManager, version: number) => Promise<void>): Promise<{ version: number }> {
    return this.repository.transaction(async (inTx, tx) => {
      const base = await this.manifestIn(inTx, projectId, baseVersion);
      const manifest = applyChanges(base, changes, this.limits);
      const version = await this.advanceHead(inTx, projectId, baseVersion, manifest, { ...meta, changes: changes.map(toStoredChange) });
      if (alongside) await alongside(tx, version);
      return { version };
    });
  }

  /** The paths that differ between version `since` and the head now (both sides of a rename), and the head. */
  async changedSince(projectId: string, since: number): Promise<{ head: number; paths: string[] }> {
    const head = await this.head(projectId);
    const diff = compareManifests(await this.manifest(projectId, since), await this.manifest(projectId, head));
    return { head, paths: diff.flatMap((d) => (d.from ? [d.from, d.path] : [d.path])) };
  }

  async commit(projectId: string, baseVersion: number, changes: FileChange[], meta: CommitMeta): Promise<{ version: number }> {
    return this.finalize(projectId, baseVersion, await this.prepare(projectId, changes), meta);
  }

  /** Version 1 of a new project, written inside the caller's transaction (the one that inserts the project). */
  async insertFirstVersion(tx: EntityManager, projectId: string, changes: PreparedChange[], meta: CommitMeta): Promise<void> {
    const manifest = applyChanges({}, changes, this.limits);
    await this.repository.within(tx).insertFirst(projectId, newVersion(manifest, { ...meta, changes: changes.map(toStoredChange) }));
  }

  /** A new head whose files equal version `number`'s. Nothing is overwritten: history only grows. */
  async restore(projectId: string, number: number, meta: Omit<CommitMeta, 'source'> = {}): Promise<{ version: number }> {
    return this.repository.transaction(async (inTx) => {
      const head = await this.headIn(inTx, projectId);
      const target = await this.manifestIn(inTx, projectId, number);
      const changes = compareManifests(await this.manifestIn(inTx, projectId, head), target).map(({ action, path, from }) => ({ action, path, ...(from ? { from } : {}) }));
      return { version: await this.advanceHead(inTx, projectId, head, target, { source: 'restore', message: meta.message ?? `Restored version ${number}`, turnId: meta.turnId, changes }) };
    });
  }

  async head(projectId: string): Promise<number> {
    return this.headIn(this.repository, projectId);
  }

  async manifest(projectId: string, version?: number): Promise<Manifest> {
    return this.manifestIn(this.repository, projectId, version ?? (await this.head(projectId)));
  }

  async listFiles(projectId: string, version?: number): Promise<FileEntry[]> {
    const manifest = await this.manifest(projectId, version);
    return Object.entries(manifest)
      .map(([path, e]) => ({ path, size: e.size, sha256: e.sha256 }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  async readFile(projectId: string, path: string, version?: number): Promise<Buffer> {
    checkPath(path, this.limits);
    const entry = (await this.manifest(projectId, version))[path];
    if (!entry) throw new StudioError('FILE_NOT_FOUND', `No file ${path}${version ? ` in version ${version}` : ''}.`, { path });
    return this.blobs.get(projectId, entry.sha256);
  }

  /** Every file of a version, path → bytes (for builds, previews and tests). */
  async readAll(projectId: string, version?: number): Promise<Map<string, Buffer>> {
    const manifest = await this.manifest(projectId, version);
    // Side by side: a version is a few hundred small blobs at most, and S3 latency dominates.
    const entries = await Promise.all(Object.entries(manifest).map(async ([path, e]) => [path, await this.blobs.get(projectId, e.sha256)] as const));
    return new Map(entries);
  }

  /** Newest first; with `q`, only the versions whose name or message contains it (case-insensitive). */
  async versions(projectId: string, q?: string): Promise<VersionView[]> {
    const rows = await this.repository.history(projectId, { q });
    return rows.map(toVersionView);
  }

  /** What changed from version `against` to version `number`, with unified diffs of text files. */
  async diff(projectId: string, number: number, against: number): Promise<DiffEntry[]> {
    const [to, from] = await Promise.all([this.manifest(projectId, number), this.manifest(projectId, against)]);
    const out: DiffEntry[] = [];
    for (const d of compareManifests(from, to)) {
      const before = d.before ? await this.blobs.get(projectId, d.before) : Buffer.alloc(0);
      const after = d.after && d.action !== 'delete' ? await this.blobs.get(projectId, d.after) : Buffer.alloc(0);
      const binary = !isText(before) || !isText(after);
      const samebytes = d.before === d.after;
      const patch = binary || samebytes ? null : unifiedDiff(d.from ?? d.path, d.path, before.toString('utf8'), after.toString('utf8'));
      out.push({ action: d.action, path: d.path, ...(d.from ? { from: d.from } : {}), binary, patch });
    }
    return out;
  }

  /** The version's files as a zip stream; blobs are fetched a few ahead while the zip is written. */
  async zip(projectId: string, version?: number, onFile?: (done: number, total: number) => void): Promise<{ version: number; stream: Readable }> {
    const number = version ?? (await this.head(projectId));
    const manifest = await this.manifest(projectId, number);
    const total = Object.keys(manifest).length;
    let done = 0;
    const read = async (sha: string) => {
      const blob = await this.blobs.get(projectId, sha);
      onFile?.(++done, total);
      return blob;
    };
    return { version: number, stream: zipManifest(manifest, read) };
  }

  /** Drops this process's cached bytes of the project's blobs (the collector removed them, or the project was archived). */
  forget(projectId: string, sha256s?: Iterable<string>): void {
    this.blobs.evict(projectId, sha256s);
  }

  /** `repository` is the store's own, or the one bound to the transaction the caller is in. */
  private async headIn(repository: ProjectVersionsRepository, projectId: string): Promise<number> {
    const head = await repository.head(projectId);
    if (head === null) throw new StudioError('PROJECT_NOT_FOUND', 'No such project.');
    return head;
  }

  private async manifestIn(repository: ProjectVersionsRepository, projectId: string, number: number): Promise<Manifest> {
    if (!Number.isInteger(number) || number < 1) throw new StudioError('VERSION_NOT_FOUND', `No version ${number}.`);
    const manifest = await repository.manifest(projectId, number);
    if (!manifest) throw new StudioError('VERSION_NOT_FOUND', `No version ${number} of this project.`, { version: number });
    return manifest;
  }

  /** The compare-and-swap: head N → N+1 only if still N, and version N+1 inserted, in the caller's transaction. */
  private async advanceHead(repository: ProjectVersionsRepository, projectId: string, base: number, manifest: Manifest, meta: CommitMeta & { changes: VersionView['changes'] }): Promise<number> {
    const next = await repository.advanceHead(projectId, base, newVersion(manifest, meta));
    if (next === null) {
      const head = await this.headIn(repository, projectId);
      throw new StudioError('VERSION_CONFLICT', `The project moved to version ${head} since version ${base}; nothing was changed.`, { baseVersion: base, headVersion: head });
    }
    return next;
  }
}

/** A version's row as stored: the optional parts of a commit's description filled in. */
function newVersion(manifest: Manifest, meta: CommitMeta & { changes: VersionView['changes'] }): NewVersion {
  return { manifest, source: meta.source, message: meta.message ?? '', turnId: meta.turnId ?? null, changes: meta.changes };
}

/** A stored version as the API lists it (also what naming one answers). */
export const toVersionView = (r: VersionSummary): VersionView => ({
  number: r.number,
  source: r.source,
  ...(r.turnId ? { turnId: r.turnId } : {}),
  message: r.message,
  ...(r.name ? { name: r.name } : {}),
  createdAt: r.createdAt.toISOString(),
  changes: r.changes,
});
