import type { Env } from '@studio/config';
import { type CreateUploadBody, type ErrorBody, StudioError } from '@studio/contracts';
import type { CreateUploadOutcome, NewUpload, UploadEntity, UploadLimits, UploadsRepository } from '@studio/data';
import type { ObjectStore } from '@studio/files';
import type { JobQueue } from '../infra/job-queue.service.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { AssetsService } from './assets.service.js';
import { UploadsService } from './uploads.service.js';

const OWNER = '00000000-0000-4000-8000-000000000001';
const PROJECT = '00000000-0000-4000-8000-0000000000aa';
const env = { UPLOAD_URL_TTL_SECONDS: 300, USER_STORAGE_QUOTA_BYTES: 1000, USER_MAX_PENDING_UPLOADS: 2, ASSET_MAX_IMAGE_BYTES: 500, ASSET_MAX_FONT_BYTES: 100 };

/** The service's rules over in-memory stand-ins for the store, the rows and the queue. */
function setup() {
  const rows = new Map<string, UploadEntity>();
  const objects = new Map<string, number>();
  const deleted: string[] = [];
  const enqueued: { uploadId: string; jobId?: string }[] = [];
  const repo = {
    create: async (row: NewUpload, limits: UploadLimits): Promise<CreateUploadOutcome> => {
      const pending = [...rows.values()].filter((r) => r.status === 'pending').length;
      if (pending >= limits.maxPending) return { kind: 'pending', pending, limit: limits.maxPending };
      const used = [...rows.values()].reduce((n, r) => n + (r.status === 'done' ? r.storedBytes : r.status === 'pending' ? r.declaredSize : 0), 0);
      if (used + row.declaredSize > limits.quotaBytes) return { kind: 'quota', used, limit: limits.quotaBytes };
      const upload = { ...row, status: 'pending', storedBytes: 0, error: null, result: null, createdAt: new Date(), updatedAt: new Date() } satisfies UploadEntity;
      rows.set(row.id, upload);
      return { kind: 'created', upload };
    },
    findOwned: async (ownerId: string, projectId: string, id: string) => {
      const r = rows.get(id);
      return r && r.ownerId === ownerId && r.projectId === projectId ? { ...r } : null;
    },
    markProcessing: async (id: string) => move(id, ['pending'], { status: 'processing' }),
    markRefused: async (id: string, error: ErrorBody) => move(id, ['pending', 'processing'], { status: 'refused', error }),
    markExpired: async (id: string) => move(id, ['pending'], { status: 'expired' }),
  };
  const move = (id: string, from: string[], to: Partial<UploadEntity>) => {
    const r = rows.get(id);
    if (!r || !from.includes(r.status)) return false;
    rows.set(id, { ...r, ...to });
    return true;
  };
  const store = {
    presignPut: async (key: string, o: { contentLength: number }) => `http://store.test/${key}?len=${o.contentLength}`,
    size: async (key: string) => objects.get(key) ?? null,
    delete: async (key: string) => {
      deleted.push(key);
      objects.delete(key);
    },
  };
  const projects = {
    getOwned: async (ownerId: string, id: string) => {
      if (ownerId !== OWNER || id !== PROJECT) throw new StudioError('PROJECT_NOT_FOUND', 'No such project.');
      return { id, ownerId, headVersion: 1 };
    },
  };
  const assets = { headHasAsset: async (_p: string, path: string) => path === 'public/assets/logo.png', assetAt: async () => null };
  const jobs = { enqueue: async (_name: string, data: { uploadId: string }, options: { jobId?: string }) => void enqueued.push({ uploadId: data.uploadId, jobId: options.jobId }) };
  const service = new UploadsService(
    repo as unknown as UploadsRepository,
    projects as unknown as ProjectsService,
    assets as unknown as AssetsService,
    jobs as unknown as JobQueue,
    store as unknown as ObjectStore,
    env as unknown as Env,
  );
  return { service, rows, objects, deleted, enqueued };
}

const body = (over: Partial<CreateUploadBody> = {}): CreateUploadBody => ({ fileName: 'Logo.png', contentType: 'image/png', size: 100, purpose: 'asset', ...over });
const refusal = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (err: unknown) => (err instanceof StudioError ? { code: err.code, details: err.details } : err),
  );

describe('UploadsService', () => {
  it('answers a ticket: a URL signed for the declared length, the header to send, when it expires', async () => {
    const { service, rows } = setup();
    const ticket = await service.create(OWNER, PROJECT, body());
    expect(ticket).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/png' } });
    expect(ticket.url).toBe(`http://store.test/projects/${PROJECT}/uploads/${ticket.uploadId}?len=100`);
    expect(Date.parse(ticket.expiresAt) - Date.now()).toBeGreaterThan(290_000);
    // The upload outlives its URL, so a PUT that started in time can still be completed.
    expect(rows.get(ticket.uploadId)!.expiresAt.getTime()).toBeGreaterThan(Date.parse(ticket.expiresAt));
  });

  it("refuses another user's project, a quota overrun, too many pending, and a replace of no asset", async () => {
    const { service } = setup();
    expect(await refusal(service.create('00000000-0000-4000-8000-000000000002', PROJECT, body()))).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    expect(await refusal(service.create(OWNER, PROJECT, body({ size: 501 })))).toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    expect(await refusal(service.create(OWNER, PROJECT, body({ replaces: 'public/assets/none.png' })))).toMatchObject({ code: 'ASSET_NOT_FOUND' });
    expect(await refusal(service.create(OWNER, PROJECT, body({ replaces: 'public/assets/logo.png' })))).toBeNull();
    expect(await refusal(service.create(OWNER, PROJECT, body({ size: 500 })))).toBeNull();
    expect(await refusal(service.create(OWNER, PROJECT, body({ size: 500 })))).toMatchObject({ code: 'RATE_LIMITED', details: { pending: 2, limit: 2 } });
  });

  it('refuses past the quota with what is used, the limit and the size', async () => {
    const { service, rows } = setup();
    const first = await service.create(OWNER, PROJECT, body({ size: 450 }));
    rows.set(first.uploadId, { ...rows.get(first.uploadId)!, status: 'done', storedBytes: 800 });
    expect(await refusal(service.create(OWNER, PROJECT, body({ size: 201 })))).toEqual({ code: 'STORAGE_QUOTA_EXCEEDED', details: { used: 800, limit: 1000, size: 201 } });
  });

  it('completes once: the bytes must be there, the job keyed by the upload, completing again answers the current state', async () => {
    const { service, objects, enqueued, rows } = setup();
    const { uploadId } = await service.create(OWNER, PROJECT, body());
    expect(await refusal(service.complete(OWNER, PROJECT, uploadId))).toMatchObject({ code: 'UPLOAD_INCOMPLETE' });
    expect(enqueued).toEqual([]);
    objects.set(`projects/${PROJECT}/uploads/${uploadId}`, 100);
    expect(await service.complete(OWNER, PROJECT, uploadId)).toMatchObject({ id: uploadId, status: 'processing', size: 100 });
    // Still processing: queued again under the same job id, which the queue takes as the same job.
    expect(await service.complete(OWNER, PROJECT, uploadId)).toMatchObject({ status: 'processing' });
    expect(enqueued).toEqual([
      { uploadId, jobId: uploadId },
      { uploadId, jobId: uploadId },
    ]);
    // Once the worker is done, completing answers that and queues nothing.
    rows.set(uploadId, { ...rows.get(uploadId)!, status: 'done', result: { version: 2, path: 'public/assets/logo.png' } });
    expect(await service.complete(OWNER, PROJECT, uploadId)).toMatchObject({ status: 'done', version: 2 });
    expect(enqueued).toHaveLength(2);
  });

  it('refuses and deletes an object bigger than declared', async () => {
    const { service, objects, deleted, rows, enqueued } = setup();
    const { uploadId } = await service.create(OWNER, PROJECT, body());
    const key = `projects/${PROJECT}/uploads/${uploadId}`;
    objects.set(key, 101);
    expect(await refusal(service.complete(OWNER, PROJECT, uploadId))).toEqual({ code: 'UPLOAD_TOO_LARGE', details: { size: 101, limit: 100 } });
    expect(deleted).toEqual([key]);
    expect(rows.get(uploadId)).toMatchObject({ status: 'refused', error: { code: 'UPLOAD_TOO_LARGE' } });
    expect(await service.get(OWNER, PROJECT, uploadId)).toMatchObject({ status: 'refused', error: { code: 'UPLOAD_TOO_LARGE' } });
    expect(enqueued).toEqual([]);
  });

  it('an upload past its expiry is expired, its object deleted, and stays expired', async () => {
    const { service, objects, deleted, rows } = setup();
    const { uploadId } = await service.create(OWNER, PROJECT, body());
    const key = `projects/${PROJECT}/uploads/${uploadId}`;
    objects.set(key, 100);
    rows.set(uploadId, { ...rows.get(uploadId)!, expiresAt: new Date(Date.now() - 1000) });
    expect(await refusal(service.complete(OWNER, PROJECT, uploadId))).toMatchObject({ code: 'UPLOAD_EXPIRED' });
    expect(deleted).toEqual([key]);
    expect(await refusal(service.complete(OWNER, PROJECT, uploadId))).toMatchObject({ code: 'UPLOAD_EXPIRED' });
  });

  it('answers UPLOAD_NOT_FOUND alike for a missing id, a malformed one, and one of another project or owner', async () => {
    const { service, rows } = setup();
    const { uploadId } = await service.create(OWNER, PROJECT, body());
    rows.set('00000000-0000-4000-8000-0000000000bb', { ...rows.get(uploadId)!, id: '00000000-0000-4000-8000-0000000000bb', projectId: '00000000-0000-4000-8000-0000000000cc' });
    expect(await refusal(service.complete(OWNER, PROJECT, '00000000-0000-4000-8000-0000000000bb'))).toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
    expect(await refusal(service.get(OWNER, PROJECT, '00000000-0000-4000-8000-0000000000dd'))).toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
    expect(await refusal(service.get(OWNER, PROJECT, 'not-a-uuid'))).toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
    expect(await refusal(service.content(OWNER, PROJECT, uploadId))).toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
  });

  it('serves a chat picture only once it is done', async () => {
    const { service } = setup();
    const { uploadId } = await service.create(OWNER, PROJECT, body({ purpose: 'chat' }));
    expect(await refusal(service.content(OWNER, PROJECT, uploadId))).toMatchObject({ code: 'UPLOAD_INCOMPLETE' });
  });
});
