import { randomUUID } from 'node:crypto';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE } from '@studio/contracts';
import { createDataSource, ProjectsRepository, UsersRepository } from '@studio/data';
import { projectPrefix, S3ObjectStore } from '@studio/files';
import { Queue, QueueEvents } from 'bullmq';

/**
 * The running worker (started by `./studio test`) against real Redis, Postgres and S3: a purge of a project
 * that still exists is refused and retried, never carried out, so a stray job cannot destroy a live project.
 */
const connection = { url: process.env.REDIS_URL! };
let ds: ReturnType<typeof createDataSource>;
let store: S3ObjectStore;
let queue: Queue;
let events: QueueEvents;

// Connections open in beforeAll, not at import: a filtered run that skips every test must not leak them.
beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 1 });
  store = S3ObjectStore.fromEnvironment();
  queue = new Queue(JOB_QUEUE['project.purge'], { connection, prefix: 'studio' });
  events = new QueueEvents(JOB_QUEUE['project.purge'], { connection, prefix: 'studio' });
  await ds.initialize();
  await events.waitUntilReady();
});
afterAll(async () => {
  await Promise.all([queue.close(), events.close(), ds.destroy()]);
  store.destroy();
});

describe('project.purge', () => {
  it('refuses to purge a project that still exists, and keeps its objects', async () => {
    const user = await new UsersRepository(ds).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' });
    const project = await new ProjectsRepository(ds).create({ id: randomUUID(), ownerId: user.id, name: 'Alive', templateId: 'landing' }, async () => undefined);
    const key = `${projectPrefix(project.id)}blobs/precious`;
    await store.put(key, Buffer.from('precious'));

    const job = await queue.add('project.purge', { projectId: project.id, ownerId: user.id }, { ...DEFAULT_JOB_OPTIONS, attempts: 1 });
    await expect(job.waitUntilFinished(events, 15_000)).rejects.toThrow(/still exists; refusing/);
    expect(await store.size(key)).toBe(8);
  });

  it('purges a deleted project, and a second run of the same job is harmless', async () => {
    const projectId = randomUUID();
    await store.put(`${projectPrefix(projectId)}blobs/a`, Buffer.from('a'));
    const first = await queue.add('project.purge', { projectId, ownerId: randomUUID() });
    expect(await first.waitUntilFinished(events, 15_000)).toEqual({ deleted: 1 });
    const again = await queue.add('project.purge', { projectId, ownerId: randomUUID() });
    expect(await again.waitUntilFinished(events, 15_000)).toEqual({ deleted: 0 });
  });
});
