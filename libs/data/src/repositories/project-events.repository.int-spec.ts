import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { ProjectEntity } from '../entities/project.entity.js';
import { UserEntity } from '../entities/user.entity.js';
import { ProjectEventsRepository } from './project-events.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let events: ProjectEventsRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 4 });
  await ds.initialize();
  events = new ProjectEventsRepository(ds);
});
afterAll(() => ds.destroy());

async function newProject(): Promise<string> {
  const user = await ds.getRepository(UserEntity).save({ email: `${randomUUID()}@example.test`, passwordHash: 'x' });
  return (await ds.getRepository(ProjectEntity).save({ ownerId: user.id, name: 'P', templateId: 'landing' })).id;
}

describe('ProjectEventsRepository', () => {
  it('numbers a project’s events 1, 2, 3… and returns each as stored', async () => {
    const projectId = await newProject();
    expect(await events.currentSeq(projectId)).toBe(0);
    const first = await events.append(projectId, 'turn:queued', { turnId: 't1', position: 0 });
    const second = await events.append(projectId, 'turn:cancelled', { turnId: 't1' });
    expect(first).toEqual({ projectId, seq: 1, name: 'turn:queued', payload: { turnId: 't1', position: 0 } });
    expect(second).toEqual({ projectId, seq: 2, name: 'turn:cancelled', payload: { turnId: 't1' } });
    expect(await events.currentSeq(projectId)).toBe(2);
  });

  it('never gives two concurrent appends the same seq', async () => {
    const projectId = await newProject();
    const stored = await Promise.all(Array.from({ length: 12 }, (_, i) => events.append(projectId, 'chat:delta', { turnId: 't', text: String(i) })));
    expect(stored.map((e) => e?.seq).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('appends nothing for a project that does not exist', async () => {
    const projectId = randomUUID();
    expect(await events.append(projectId, 'turn:cancelled', { turnId: 't' })).toBeNull();
    expect(await events.currentSeq(projectId)).toBe(0);
    expect(await events.after(projectId, 0, 10)).toEqual({ events: [], truncated: false });
  });

  it('reads the events after a seq oldest first, and only the newest `limit` when more were stored', async () => {
    const projectId = await newProject();
    for (let i = 1; i <= 5; i++) await events.append(projectId, 'chat:delta', { turnId: 't', text: `d${i}` });
    const all = await events.after(projectId, 2, 10);
    expect(all.truncated).toBe(false);
    expect(all.events.map((e) => [e.seq, e.name, e.payload])).toEqual([
      [3, 'chat:delta', { turnId: 't', text: 'd3' }],
      [4, 'chat:delta', { turnId: 't', text: 'd4' }],
      [5, 'chat:delta', { turnId: 't', text: 'd5' }],
    ]);
    const newest = await events.after(projectId, 0, 2);
    expect(newest.truncated).toBe(true);
    expect(newest.events.map((e) => e.seq)).toEqual([4, 5]);
  });

  it('inside a transaction, the event commits or rolls back with the change it announces', async () => {
    const projectId = await newProject();
    await expect(
      ds.transaction(async (manager) => {
        await new ProjectEventsRepository(manager).append(projectId, 'turn:cancelled', { turnId: 't' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await events.currentSeq(projectId)).toBe(0);
    expect((await events.after(projectId, 0, 10)).events).toEqual([]);
  });
});
