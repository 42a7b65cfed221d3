import { createHash, randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { jobOptions, type RepeatableJobName } from '@studio/contracts';
import { createDataSource, ProjectLifecycleRepository } from '@studio/data';
import { BlobStore, blobKey, DEFAULT_FILE_LIMITS, FileStore, S3ObjectStore } from '@studio/files';
import { Queue, QueueEvents } from 'bullmq';
import type { Socket } from 'socket.io-client';
import { type Client, connectSocket, emitWithAck, signUp } from './support/api.js';
import { previewRequest, signInToPreview, startPreview } from './support/previews.js';
import { EventLog } from './support/turns.js';

/**
 * Storage lifecycle against the running stack (docs/ARCHITECTURE.md "Storage lifecycle"): the worker's blob
 * collector runs again and again while 20 real file-store commits land, and removes only what nothing refers
 * to; an untouched project is archived (its preview goes) and comes back on the next visit; every run is
 * reported in maintenance_runs.
 */
jest.setTimeout(180_000);

const redis = new URL(process.env.REDIS_URL!);
const connection = { host: redis.hostname, port: Number(redis.port) };
const prefix = process.env.QUEUE_PREFIX ?? 'studio';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let ds: ReturnType<typeof createDataSource>;
let objects: S3ObjectStore;
let files: FileStore;
let maintenance: Queue;
let events: QueueEvents;
const sockets: Socket[] = [];
const startedAt = new Date();

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 8 });
  objects = S3ObjectStore.fromEnvironment();
  files = new FileStore(ds, new BlobStore(objects), DEFAULT_FILE_LIMITS);
  maintenance = new Queue('maintenance', { connection, prefix });
  events = new QueueEvents('maintenance', { connection, prefix });
  await ds.initialize();
  await events.waitUntilReady();
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all([maintenance.close(), events.close(), ds.destroy()]);
  objects.destroy();
});

/** Runs one storage-lifecycle job in the worker and answers its result. */
async function runJob<J extends RepeatableJobName>(name: J): Promise<Record<string, number>> {
  const job = await maintenance.add(name, {}, jobOptions(name));
  return job.waitUntilFinished(events, 60_000);
}

async function listBlobs(projectId: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const page of objects.list(`projects/${projectId}/blobs/`)) for (const key of page) keys.add(key);
  return keys;
}

async function newProject(client: Client, name: string): Promise<string> {
  const created = await client.post('/api/projects', { name });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('blob collector', () => {
  it('runs concurrently with 20 commits and removes only the blobs nothing refers to', async () => {
    const owner = await signUp('lifecycle-blobs');
    const projects = await Promise.all([0, 1, 2, 3].map((i) => newProject(owner.client, `Lifecycle ${i}`)));
    // What the commits will write, per project: 5 commits of one new file each.
    const contents = projects.map((_, p) => [0, 1, 2, 3, 4].map((c) => Buffer.from(`commit ${c} of project ${p}: ${randomBytes(8).toString('hex')}`)));

    // Planted: orphans nothing refers to, an orphan with the bytes a commit is about to write again (the
    // collector may remove it first; the commit must put it back), and blobs of a commit still in flight.
    const orphans = new Set<string>();
    const inFlight = new Set<string>();
    for (const [p, projectId] of projects.entries()) {
      for (let i = 0; i < 3; i++) {
        const bytes = randomBytes(64 + i);
        await objects.put(blobKey(projectId, sha256(bytes)), bytes);
        orphans.add(blobKey(projectId, sha256(bytes)));
      }
      await objects.put(blobKey(projectId, sha256(contents[p][4])), contents[p][4]);
      const prepared = await files.prepare(projectId, [{ action: 'write', path: 'src/in-flight.txt', content: randomBytes(32) }]);
      for (const change of prepared) if (change.action === 'write') inFlight.add(blobKey(projectId, change.sha256));
    }
    const before = new Set((await Promise.all(projects.map(listBlobs))).flatMap((keys) => [...keys]));
    for (const key of [...orphans, ...inFlight]) expect(before.has(key)).toBe(true);

    // The collector, run after run, while the commits land (5 per project, the projects side by side).
    let committing = true;
    const runs: Record<string, number>[] = [];
    const collecting = (async () => {
      while (committing) runs.push(await runJob('blobs.collect'));
    })();
    const landed = await Promise.all(
      projects.map(async (projectId, p) => {
        const versions: number[] = [];
        for (const [c, content] of contents[p].entries()) {
          const head = await files.head(projectId);
          versions.push((await files.commit(projectId, head, [{ action: 'write', path: `src/lifecycle/${c}.txt`, content }], { source: 'user', message: `commit ${c}` })).version);
        }
        return versions;
      }),
    );
    committing = false;
    await collecting;
    runs.push(await runJob('blobs.collect'));
    expect(landed.flat()).toHaveLength(20);
    expect(runs.length).toBeGreaterThanOrEqual(2);

    // Every blob of every version of every project is there, the 20 new ones included; the planted orphans
    // are gone; the in-flight commit's blobs stay.
    const after = new Set((await Promise.all(projects.map(listBlobs))).flatMap((keys) => [...keys]));
    for (const projectId of projects) {
      const head = await files.head(projectId);
      expect(head).toBe(6);
      for (let version = 1; version <= head; version++) {
        for (const entry of Object.values(await files.manifest(projectId, version))) expect(after.has(blobKey(projectId, entry.sha256))).toBe(true);
      }
      expect((await files.readFile(projectId, 'src/lifecycle/4.txt')).toString()).toBe(contents[projects.indexOf(projectId)][4].toString());
    }
    for (const key of orphans) expect(after.has(key)).toBe(false);
    for (const key of inFlight) expect(after.has(key)).toBe(true);

    // Each run is reported: what it removed, bytes included.
    const reported: { removed: Record<string, number>; error: string | null }[] = await ds.query(
      `SELECT removed, error FROM maintenance_runs WHERE job = 'blobs.collect' AND started_at >= $1 AND finished_at IS NOT NULL`,
      [startedAt],
    );
    expect(reported.length).toBeGreaterThanOrEqual(runs.length);
    expect(reported.every((r) => r.error === null)).toBe(true);
    expect(reported.reduce((sum, r) => sum + r.removed.blobs, 0)).toBeGreaterThanOrEqual(orphans.size);
    expect(reported.reduce((sum, r) => sum + r.removed.blobBytes, 0)).toBeGreaterThanOrEqual(64 * orphans.size);
  });
});

describe('project archiver', () => {
  it('archives an untouched project (its preview goes) and brings it back on the next visit', async () => {
    const owner = await signUp('lifecycle-archive');
    const projectId = await newProject(owner.client, 'Sleepy');
    const socket = await connectSocket(owner.accessToken);
    sockets.push(socket);
    const log = new EventLog(socket);
    expect(await emitWithAck(socket, 'project:join', { projectId })).toMatchObject({ ok: true });
    const { cookie, origin } = await signInToPreview(await startPreview(owner.client, projectId, log));
    expect((await previewRequest(`${origin}/`, { cookie })).status).toBe(200);

    // Untouched for longer than any PROJECT_ARCHIVE_AFTER_DAYS the stack may have.
    await ds.query(`UPDATE projects SET updated_at = now() - interval '40000 days', last_opened_at = now() - interval '40000 days' WHERE id = $1`, [projectId]);
    log.events.length = 0;
    const result = await runJob('projects.archive');
    expect(result.projectsArchived).toBeGreaterThanOrEqual(1);
    const [archived] = await ds.query(`SELECT archived_at FROM projects WHERE id = $1`, [projectId]);
    expect(archived.archived_at).not.toBeNull();
    await log.waitFor((e) => e.name === 'preview:status' && e.payload.status === 'stopped', 30_000, 'the preview to be removed');
    expect((await owner.client.get(`/api/projects/${projectId}/preview`)).body.status).toBe('stopped');
    expect((await previewRequest(`${origin}/`, { cookie })).status).not.toBe(200);

    // The next visit: opening the project clears archived_at, and its preview starts from the store again.
    log.events.length = 0;
    expect((await owner.client.get(`/api/projects/${projectId}`)).status).toBe(200);
    const [opened] = await ds.query(`SELECT archived_at, last_opened_at > now() - interval '1 minute' AS recent FROM projects WHERE id = $1`, [projectId]);
    expect(opened).toEqual({ archived_at: null, recent: true });
    const again = await signInToPreview(await startPreview(owner.client, projectId, log));
    const page = await previewRequest(`${again.origin}/`, { cookie: again.cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('/@vite/client');

    // A visit with nothing due (opened a moment ago, not archived) takes no row lock: it answers while a
    // commit holds the project's row, instead of queueing behind it.
    const holder = ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    let timer: NodeJS.Timeout | undefined;
    try {
      await holder.query(`SELECT 1 FROM projects WHERE id = $1 FOR UPDATE`, [projectId]);
      const visit = owner.client.get(`/api/projects/${projectId}`).then((r) => r.status);
      const blocked = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('blocked behind the row lock'), 10_000)));
      expect(await Promise.race([visit, blocked])).toBe(200);
    } finally {
      clearTimeout(timer);
      await holder.rollbackTransaction();
      await holder.release();
    }
    // The visit that brings a project back says so (the row as the update found it), once.
    const lifecycle = new ProjectLifecycleRepository(ds);
    await ds.query(`UPDATE projects SET archived_at = now() WHERE id = $1`, [projectId]);
    expect(await lifecycle.opened(projectId)).toEqual({ wasArchived: true });
    expect(await lifecycle.opened(projectId)).toEqual({ wasArchived: false });
    expect(await lifecycle.isArchived(projectId)).toBe(false);

    const [run] = await ds.query(`SELECT removed, error FROM maintenance_runs WHERE job = 'projects.archive' AND started_at >= $1 ORDER BY started_at DESC LIMIT 1`, [startedAt]);
    expect(run).toEqual({ removed: { projectsArchived: expect.any(Number) }, error: null });
    expect(run.removed.projectsArchived).toBeGreaterThanOrEqual(1);
  });
});
