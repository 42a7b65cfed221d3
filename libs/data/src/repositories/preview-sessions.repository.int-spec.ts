import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { ProjectEntity } from '../entities/project.entity.js';
import { UserEntity } from '../entities/user.entity.js';
import { PreviewSessionsRepository } from './preview-sessions.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let sessions: PreviewSessionsRepository;
// A stack of its own: the warm pool and housekeeping queries see only this test's sessions.
const stackId = `test-${randomUUID()}`;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 4 });
  await ds.initialize();
  sessions = new PreviewSessionsRepository(ds, stackId);
});
afterAll(() => ds.destroy());

async function newProject(): Promise<{ userId: string; projectId: string }> {
  const user = await ds.getRepository(UserEntity).save({ email: `${randomUUID()}@example.test`, passwordHash: 'x' });
  const project = await ds.getRepository(ProjectEntity).save({ ownerId: user.id, name: 'P', templateId: 'landing' });
  return { userId: user.id, projectId: project.id };
}

const address = (id: string) => ({ id, host: '10.0.0.9', vitePort: 5173, agentPort: 7070, token: 't'.repeat(32) });

describe('PreviewSessionsRepository', () => {
  it('knows a version renders when it is the untouched template, its turn’s check passed, or a preview checked it; nothing else', async () => {
    const { userId, projectId } = await newProject();
    const version = (n: number, source: string) => ds.query(`INSERT INTO project_versions (project_id, number, manifest, source) VALUES ($1, $2, '{}'::jsonb, $3)`, [projectId, n, source]);
    const turn = (v: number, render: object | null) =>
      ds.query(`INSERT INTO turns (project_id, user_id, message, status, version, render) VALUES ($1, $2, 'm', 'completed', $3, $4::jsonb)`, [projectId, userId, v, render && JSON.stringify(render)]);
    await version(1, 'template');
    for (const [n, source] of [
      [2, 'ai'],
      [3, 'ai'],
      [4, 'user'],
      [5, 'restore'],
      [6, 'ai'],
    ] as const)
      await version(n, source);
    await turn(2, { status: 'passed', ms: 900 });
    await turn(3, { status: 'failed', ms: 900, error: { kind: 'uncaught', message: 'x' } });
    await turn(6, null);
    const session = await sessions.insertStarting(projectId, userId, 'docker');
    await sessions.setRender(session.id, { status: 'passed', ms: 800 }, 4);
    const known = await Promise.all([1, 2, 3, 4, 5, 6].map((v) => sessions.knownToRender(projectId, v)));
    expect(known).toEqual([true, true, false, true, false, false]);
    // Another project's versions say nothing of this one's.
    expect(await sessions.knownToRender((await newProject()).projectId, 1)).toBe(false);
  });

  it('starts a session, records its instance and status, and finds it by project and by id', async () => {
    const { userId, projectId } = await newProject();
    const started = await sessions.insertStarting(projectId, userId, 'docker');
    expect(started).toMatchObject({ stackId, projectId, userId, runtime: 'docker', status: 'starting', instanceId: null, recentErrors: [] });
    await sessions.setInstance(started.id, address('c1'));
    await sessions.setStatus(started.id, 'ready', { version: 3, error: null });
    const found = await sessions.forProject(projectId);
    expect(found).toMatchObject({ id: started.id, instanceId: 'c1', host: '10.0.0.9', vitePort: 5173, agentPort: 7070, agentToken: 't'.repeat(32), status: 'ready', version: 3 });
    expect((await sessions.get(started.id))?.id).toBe(started.id);
    expect((await sessions.all()).map((s) => s.id)).toContain(started.id);
    await sessions.delete(started.id);
    expect(await sessions.forProject(projectId)).toBeNull();
  });

  it('hands each warm instance to one project only, oldest first, and never one without an instance', async () => {
    const bare = await sessions.insertWarm('process');
    const older = await sessions.insertWarm('process');
    await sessions.setInstance(older.id, address('w1'));
    const newer = await sessions.insertWarm('process');
    await sessions.setInstance(newer.id, address('w2'));
    const [a, b, c] = await Promise.all([newProject(), newProject(), newProject()]);
    const claimed = await Promise.all([a, b, c].map((p) => sessions.claimWarm(p.projectId, p.userId, 'process')));
    const got = claimed.filter((s) => s !== null);
    expect(got.map((s) => s.instanceId).sort()).toEqual(['w1', 'w2']);
    expect(new Set(got.map((s) => s.projectId)).size).toBe(2);
    expect(got.every((s) => s.status === 'starting')).toBe(true);
    expect(await sessions.claimWarm(a.projectId, a.userId, 'docker')).toBeNull();
    // Claimed first in created order: whichever project came first got the older instance.
    expect(got.find((s) => s.instanceId === 'w1')!.createdAt.getTime()).toBeLessThanOrEqual(got.find((s) => s.instanceId === 'w2')!.createdAt.getTime());
    expect((await sessions.get(bare.id))?.status).toBe('warm');
    await sessions.delete(bare.id);
  });

  it('does not hand out another stack’s warm instances', async () => {
    const other = new PreviewSessionsRepository(ds, `other-${randomUUID()}`);
    const warm = await other.insertWarm('process');
    await other.setInstance(warm.id, address('o1'));
    const { userId, projectId } = await newProject();
    expect(await sessions.claimWarm(projectId, userId, 'process')).toBeNull();
    expect((await sessions.all()).map((s) => s.id)).not.toContain(warm.id);
    await other.delete(warm.id);
  });

  it('keeps the five latest errors, and settles staged ones with the committed version', async () => {
    const { userId, projectId } = await newProject();
    const { id } = await sessions.insertStarting(projectId, userId, 'process');
    for (let i = 1; i <= 6; i++) await sessions.recordError(id, { version: 1, message: `e${i}`, at: new Date(0).toISOString() });
    expect((await sessions.get(id))!.recentErrors.map((e) => e.message)).toEqual(['e2', 'e3', 'e4', 'e5', 'e6']);
    await sessions.recordError(id, { version: null, message: 'staged', file: 'src/App.tsx', line: 4, at: new Date(0).toISOString() });
    await sessions.settleStagedErrors(id, 2);
    expect((await sessions.get(id))!.recentErrors.slice(-1)).toEqual([{ version: 2, message: 'staged', file: 'src/App.tsx', line: 4, at: new Date(0).toISOString() }]);
    expect(await sessions.errorsOf(projectId, 2)).toEqual([expect.objectContaining({ message: 'staged' })]);
    // The staged error took the oldest one's place: five are kept, whatever their version.
    expect((await sessions.errorsOf(projectId, 1)).map((e) => e.message)).toEqual(['e3', 'e4', 'e5', 'e6']);
    expect(await sessions.errorsOf(randomUUID(), 1)).toEqual([]);
  });

  it('drops staged errors when the turn did not commit', async () => {
    const { userId, projectId } = await newProject();
    const { id } = await sessions.insertStarting(projectId, userId, 'process');
    await sessions.recordError(id, { version: 1, message: 'kept', at: new Date(0).toISOString() });
    await sessions.recordError(id, { version: null, message: 'staged', at: new Date(0).toISOString() });
    await sessions.settleStagedErrors(id, null);
    expect((await sessions.get(id))!.recentErrors.map((e) => e.message)).toEqual(['kept']);
  });

  it('records render checks, and only a passed check of a version as the last that rendered', async () => {
    const { userId, projectId } = await newProject();
    const { id } = await sessions.insertStarting(projectId, userId, 'process');
    await sessions.setRender(id, { status: 'passed', ms: 40 }, 4);
    await sessions.setRender(id, { status: 'failed', ms: 30, error: { kind: 'uncaught', message: 'boom' } }, 5);
    await sessions.setRender(id, { status: 'passed', ms: 20 }, null);
    const row = (await sessions.get(id))!;
    expect(row.render).toEqual({ status: 'passed', ms: 20, version: null });
    expect(row.lastRenderedVersion).toBe(4);
  });

  it('lists sessions idle since a moment in the given states, with a project, of this stack only', async () => {
    const { userId, projectId } = await newProject();
    const { id } = await sessions.insertStarting(projectId, userId, 'process');
    await sessions.setStatus(id, 'paused');
    const later = new Date(Date.now() + 60_000);
    expect((await sessions.idle(['paused'], later)).map((s) => s.id)).toContain(id);
    expect((await sessions.idle(['stopped'], later)).map((s) => s.id)).not.toContain(id);
    expect((await sessions.idle(['paused'], new Date(Date.now() - 60_000))).map((s) => s.id)).not.toContain(id);
    await sessions.touch(id);
    expect((await sessions.get(id))!.lastAccessAt.getTime()).toBeGreaterThan(Date.now() - 5_000);
    expect((await new PreviewSessionsRepository(ds, 'elsewhere').idle(['paused'], later)).map((s) => s.id)).not.toContain(id);
  });

  it('shows the API a project’s owner and preview, with or without a session', async () => {
    const { userId, projectId } = await newProject();
    expect(await sessions.target(projectId)).toEqual({ projectId, ownerId: userId, sessionId: null, status: null, host: null, vitePort: null, version: null, error: null, render: null });
    const { id } = await sessions.insertStarting(projectId, userId, 'process');
    await sessions.setInstance(id, address('p1'));
    await sessions.setStatus(id, 'error', { version: 2, error: 'no build' });
    expect(await sessions.target(projectId)).toEqual({ projectId, ownerId: userId, sessionId: id, status: 'error', host: '10.0.0.9', vitePort: 5173, version: 2, error: 'no build', render: null });
    expect(await sessions.target(randomUUID())).toBeNull();
  });

  it('counts a user’s serving previews, leaving out the project asking', async () => {
    const a = await newProject();
    const owner = a.userId;
    const projects = [a.projectId];
    for (let i = 0; i < 3; i++) projects.push((await ds.getRepository(ProjectEntity).save({ ownerId: owner, name: 'P', templateId: 'landing' })).id);
    const [first, second, third, fourth] = await Promise.all(projects.map((p) => sessions.insertStarting(p, owner, 'process')));
    await sessions.setStatus(second.id, 'ready');
    await sessions.setStatus(third.id, 'paused');
    await sessions.setStatus(fourth.id, 'error');
    expect(await sessions.countServing(owner, first.projectId!)).toBe(2);
    expect(await sessions.countServing(owner, third.projectId!)).toBe(3);
  });

  it('runs one project’s locked work one at a time, across connections', async () => {
    const projectId = randomUUID();
    const order: string[] = [];
    const step = (name: string) =>
      sessions.withProjectLock(projectId, async () => {
        order.push(`${name}:in`);
        await new Promise((r) => setTimeout(r, 50));
        order.push(`${name}:out`);
      });
    await Promise.all([step('a'), step('b')]);
    expect(order).toEqual(expect.arrayContaining(['a:in', 'a:out', 'b:in', 'b:out']));
    for (let i = 0; i < order.length; i += 2) expect(order[i].split(':')[0]).toBe(order[i + 1].split(':')[0]);
    await expect(sessions.withProjectLock(projectId, async () => Promise.reject(new Error('inside')))).rejects.toThrow('inside');
    // The lock was let go although the work failed.
    expect(await sessions.withProjectLock(projectId, async () => 'again')).toBe('again');
  });
});
