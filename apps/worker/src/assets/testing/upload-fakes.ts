import { Readable } from 'node:stream';
import type { AssetLimits, ProcessedUpload } from '@studio/assets';
import { DEFAULT_ASSET_LIMITS } from '@studio/assets';
import { type ErrorBody, type ProjectEventName, type ProjectEventPayloads, StudioError } from '@studio/contracts';
import { type AssetMetadata, type Manifest, UploadEntity, type UploadResult } from '@studio/data';
import { applyChanges, type CommitMeta, type FileChange, type PreparedChange, sha256Hex } from '@studio/files';
import type { EntityManager } from 'typeorm';
import { type CheckUpload, UploadHandler } from '../upload-handler.js';

/** Fakes for the upload handler's unit tests: no database, no object store, no Redis, no image library. */

export const FILE_LIMITS = { maxFileBytes: 10_000, maxFiles: 20, maxProjectBytes: 100_000, maxPathLength: 256 };

/** An upload row as the repository returns it, completed (processing); every field can be overridden. */
export function uploadRow(fields: Partial<UploadEntity> = {}): UploadEntity {
  const now = new Date();
  return Object.assign(new UploadEntity(), {
    id: 'up-1',
    ownerId: 'user-1',
    projectId: 'project-1',
    purpose: 'asset',
    fileName: 'Team Photo.jpg',
    contentType: 'image/jpeg',
    declaredSize: 6,
    alt: null,
    replaces: null,
    status: 'processing',
    error: null,
    objectKey: 'projects/project-1/uploads/up-1',
    storedBytes: 0,
    result: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 300_000),
    updatedAt: now,
    ...fields,
  });
}

/** What libs/assets would answer for a JPEG 1200 px wide: a cleaned original and two WebP variants. */
export function processedJpeg(fields: Partial<ProcessedUpload> = {}): ProcessedUpload {
  return {
    purpose: 'asset',
    kind: 'image',
    contentType: 'image/jpeg',
    ext: 'jpg',
    bytes: Buffer.from('clean-jpeg'),
    width: 1200,
    height: 800,
    dominantColor: '#336699',
    variants: [
      { width: 480, height: 320, bytes: Buffer.from('v480'), ext: 'webp' },
      { width: 960, height: 640, bytes: Buffer.from('v960!'), ext: 'webp' },
    ],
    ...fields,
  };
}

/** Everything the handler touches, in memory, with the rules the handler relies on (status compare-and-set, the head's CAS). */
export function uploadWorld(opts: { upload?: UploadEntity; object?: Buffer | null; manifest?: Manifest; check?: CheckUpload; storeDown?: boolean; limits?: AssetLimits } = {}) {
  const upload = opts.upload ?? uploadRow();
  const state = {
    upload,
    objects: new Map<string, Buffer>(),
    blobs: new Map<string, Buffer>(),
    versions: [opts.manifest ?? { 'src/App.tsx': { sha256: 'app', size: 10 } }] as Manifest[],
    commits: [] as (CommitMeta & { version: number })[],
    assetRows: [] as AssetMetadata[],
    events: [] as { name: ProjectEventName; payload: Record<string, unknown> }[],
    webhooks: [] as { event: string; data: Record<string, unknown> }[],
    followed: [] as string[],
    checked: [] as { bytes: Buffer; declared: string; purpose: string }[],
    /** Moves the head under the handler between its read of the head and its commit (another writer). */
    concurrentWrite: null as Manifest | null,
  };
  if (opts.object !== null) state.objects.set(upload.objectKey, opts.object ?? Buffer.from('jpeg!!'));
  const head = () => state.versions.length;

  const markDone = async (id: string, result: UploadResult, storedBytes: number) => {
    if (state.upload.id !== id || state.upload.status !== 'processing') return false;
    Object.assign(state.upload, { status: 'done', result, storedBytes });
    return true;
  };
  const uploads = {
    find: async (id: string) => (state.upload.id === id ? state.upload : null),
    markDone,
    markRefused: async (id: string, error: ErrorBody) => {
      if (state.upload.id !== id || !['pending', 'processing'].includes(state.upload.status)) return false;
      Object.assign(state.upload, { status: 'refused', error, storedBytes: 0 });
      return true;
    },
  };
  const files = {
    limits: FILE_LIMITS,
    head: async () => head(),
    manifest: async (_projectId: string, version?: number) => state.versions[(version ?? head()) - 1],
    prepare: async (_projectId: string, changes: FileChange[]): Promise<PreparedChange[]> => {
      if (opts.storeDown) throw new Error('store unreachable');
      return changes.map((c) => {
        if (c.action !== 'write') return c;
        const sha256 = sha256Hex(c.content);
        state.blobs.set(sha256, c.content);
        return { action: 'write', path: c.path, sha256, size: c.content.length };
      });
    },
    finalize: async (_projectId: string, base: number, changes: PreparedChange[], meta: CommitMeta, alongside?: (tx: EntityManager, version: number) => Promise<void>) => {
      if (state.concurrentWrite) {
        state.versions.push(state.concurrentWrite);
        state.concurrentWrite = null;
      }
      if (base !== head()) throw new StudioError('VERSION_CONFLICT', 'the head moved');
      const next = applyChanges(state.versions[base - 1], changes, FILE_LIMITS);
      // The fake rows below ignore the transaction; a throw in `alongside` keeps the version from landing.
      await alongside?.({} as EntityManager, base + 1);
      state.versions.push(next);
      state.commits.push({ ...meta, version: base + 1 });
      return { version: base + 1 };
    },
    changedSince: async (_projectId: string, since: number) => {
      const from = state.versions[since - 1];
      const to = state.versions[head() - 1];
      const paths = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((p) => from[p]?.sha256 !== to[p]?.sha256);
      return { head: head(), paths };
    },
  };
  const objects = {
    get: async (key: string) => {
      if (opts.storeDown) throw new Error('store unreachable');
      const bytes = state.objects.get(key);
      return bytes ? Readable.from([bytes]) : null;
    },
    put: async (key: string, body: Buffer | Readable) => {
      if (!Buffer.isBuffer(body)) throw new Error('the fake store takes buffers');
      state.objects.set(key, body);
    },
    delete: async (key: string) => {
      state.objects.delete(key);
    },
  };
  const rowsWithin = () => ({ uploads: { markDone }, assets: { upsert: async (row: AssetMetadata) => void state.assetRows.push(row) } });
  const events = {
    publish: async <E extends ProjectEventName>(_projectId: string, name: E, payload: ProjectEventPayloads[E]) => {
      state.events.push({ name, payload: { ...payload } });
      return null;
    },
  };
  const webhooks = { publish: (_ownerId: string, event: string, data: Record<string, unknown>) => void state.webhooks.push({ event, data }) };
  const previews = { follow: (projectId: string) => void state.followed.push(projectId) };
  const check: CheckUpload =
    opts.check ??
    (async (bytes, declared, purpose) => {
      state.checked.push({ bytes, declared, purpose });
      return processedJpeg({ purpose });
    });
  const handler = new UploadHandler(rowsWithin, uploads, files, objects, events, webhooks, previews, check, opts.limits ?? DEFAULT_ASSET_LIMITS);
  return { state, handler, head };
}
