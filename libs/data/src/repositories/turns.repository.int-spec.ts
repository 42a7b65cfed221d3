import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { ChatMessageEntity } from '../entities/chat-message.entity.js';
import { ProjectEntity } from '../entities/project.entity.js';
import { TurnEntity } from '../entities/turn.entity.js';
import { TurnEventEntity } from '../entities/turn-event.entity.js';
import { UserEntity } from '../entities/user.entity.js';
import { ProjectEventsRepository } from './project-events.repository.js';
import { TURN_HEARTBEAT_STALE_MS, TurnsRepository } from './turns.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let turns: TurnsRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 4 });
  await ds.initialize();
  turns = new TurnsRepository(ds);
});
afterAll(() => ds.destroy());

async function newProject(): Promise<{ userId: string; projectId: string }> {
  const user = await ds.getRepository(UserEntity).save({ email: `${randomUUID()}@example.test`, passwordHash: 'x' });
  const project = await ds.getRepository(ProjectEntity).save({ ownerId: user.id, name: 'P', templateId: 'landing', headVersion: 3 });
  return { userId: user.id, projectId: project.id };
}

async function enqueue(userId: string, projectId: string, message = 'hi', maxWaiting = 10): Promise<string> {
  const queued = await turns.enqueue(projectId, userId, message, null, maxWaiting);
  if (queued.kind !== 'queued') throw new Error(`not queued: ${queued.kind}`);
  return queued.event.payload.turnId;
}

const row = (id: string) => ds.getRepository(TurnEntity).findOneByOrFail({ id });
/** The turn's worker died a while ago: its last heartbeat is older than TURN_HEARTBEAT_STALE_MS. */
const stopBeating = (id: string) => ds.query(`UPDATE turns SET heartbeat_at = now() - make_interval(secs => $2) WHERE id = $1`, [id, TURN_HEARTBEAT_STALE_MS / 1000 + 1]);

describe('TurnsRepository', () => {
  it('enqueues a turn with the person’s message and a stored turn:queued counting the turns ahead', async () => {
    const { userId, projectId } = await newProject();
    const first = await turns.enqueue(projectId, userId, 'make it blue', 'openai:gpt', 10);
    const second = await turns.enqueue(projectId, userId, 'and red', null, 10);
    expect(first).toMatchObject({ kind: 'queued', event: { projectId, seq: 1, name: 'turn:queued', payload: { position: 0 } } });
    expect(second).toMatchObject({ kind: 'queued', event: { seq: 2, payload: { position: 1 } } });
    const turnId = first.kind === 'queued' ? first.event.payload.turnId : '';
    expect(await row(turnId)).toMatchObject({ status: 'queued', message: 'make it blue', model: 'openai:gpt', userId });
    expect((await turns.recentMessages(projectId, 10)).map((m) => [m.role, m.content, m.turnId])).toEqual([
      ['user', 'make it blue', turnId],
      ['user', 'and red', expect.any(String)],
    ]);
    expect((await new ProjectEventsRepository(ds).after(projectId, 0, 10)).events.map((e) => e.name)).toEqual(['turn:queued', 'turn:queued']);
  });

  it('refuses another user’s project, and a user with too many turns waiting, recording nothing', async () => {
    const { userId, projectId } = await newProject();
    const stranger = await newProject();
    expect(await turns.enqueue(projectId, stranger.userId, 'x', null, 10)).toEqual({ kind: 'not-found' });
    await enqueue(userId, projectId);
    expect(await turns.enqueue(projectId, userId, 'y', null, 1)).toEqual({ kind: 'too-many', waiting: 1 });
    expect(await ds.getRepository(TurnEntity).countBy({ projectId })).toBe(1);
    expect(await ds.getRepository(ChatMessageEntity).countBy({ projectId })).toBe(1);
    expect(await new ProjectEventsRepository(ds).currentSeq(projectId)).toBe(1);
  });

  it('refuses a person with less budget left than the least a turn needs first, recording nothing; no budget, no refusal', async () => {
    const { userId, projectId } = await newProject();
    const stranger = await newProject();
    const now = new Date();
    const budget = { defaultMonthlyMicroUsd: null, minLeftMicroUsd: 1000, now };
    await ds.query(`UPDATE users SET monthly_budget_micro_usd = 5000 WHERE id = $1`, [userId]);
    await ds.query(`INSERT INTO user_spend (user_id, period, spent_micro_usd, reserved_micro_usd) VALUES ($1, $2::date, 3500, 800)`, [userId, `${now.toISOString().slice(0, 7)}-01`]);
    const periodEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    // Out of money comes before the owner check, as the API's early refusal always did.
    for (const project of [projectId, stranger.projectId]) {
      expect(await turns.enqueue(project, userId, 'x', null, 10, [], budget)).toEqual({ kind: 'over-budget', remainingMicroUsd: 700, monthlyMicroUsd: 5000, periodEnd });
    }
    expect(await ds.getRepository(TurnEntity).countBy({ projectId })).toBe(0);
    expect(await new ProjectEventsRepository(ds).currentSeq(projectId)).toBe(0);
    await ds.query(`UPDATE users SET monthly_budget_micro_usd = NULL WHERE id = $1`, [userId]);
    expect(await turns.enqueue(projectId, userId, 'x', null, 10, [], budget)).toMatchObject({ kind: 'queued', event: { seq: 1 } });
    expect(await turns.enqueue(projectId, userId, 'y', null, 10, [], { ...budget, defaultMonthlyMicroUsd: 4000 })).toMatchObject({ kind: 'over-budget', remainingMicroUsd: -300 });
  });

  it('concurrent sends of one project take consecutive seqs, each turn with its one stored turn:queued', async () => {
    const { userId, projectId } = await newProject();
    const sent = await Promise.all(Array.from({ length: 8 }, (_, i) => turns.enqueue(projectId, userId, `m${i}`, null, 100)));
    const seqs = sent.map((q) => (q.kind === 'queued' ? q.event.seq : 0)).sort((a, b) => a - b);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const stored = (await new ProjectEventsRepository(ds).after(projectId, 0, 20)).events;
    expect(stored.map((e) => (e.payload as { turnId: string }).turnId).sort()).toEqual(sent.map((q) => (q.kind === 'queued' ? q.event.payload.turnId : '')).sort());
    expect(await ds.getRepository(ChatMessageEntity).countBy({ projectId })).toBe(8);
  });

  it('finds a turn only for its own user', async () => {
    const { userId, projectId } = await newProject();
    const turnId = await enqueue(userId, projectId);
    expect((await turns.findOwned(userId, turnId))?.id).toBe(turnId);
    expect(await turns.findOwned(randomUUID(), turnId)).toBeNull();
  });

  it('claims the oldest unfinished turn of a project at the head version; a later one waits', async () => {
    const { userId, projectId } = await newProject();
    const a = await enqueue(userId, projectId);
    const b = await enqueue(userId, projectId);
    expect(await turns.claim(b, projectId)).toEqual({ kind: 'wait' });
    const claim = await turns.claim(a, projectId);
    expect(claim).toMatchObject({ kind: 'run', lease: 1, turn: { id: a, status: 'running', baseVersion: 3 } });
    expect(await row(a)).toMatchObject({ status: 'running', lease: 1, baseVersion: 3 });
    expect(await turns.waiting(projectId)).toEqual([b]);
  });

  it('two workers claiming the same turn at once: one runs it, the other finds it alive (the claim lock serializes them)', async () => {
    for (let i = 0; i < 5; i++) {
      const { userId, projectId } = await newProject();
      const a = await enqueue(userId, projectId);
      const kinds = (await Promise.all([turns.claim(a, projectId), turns.claim(a, projectId)])).map((c) => c.kind).sort();
      expect(kinds).toEqual(['alive', 'run']);
      expect(await row(a)).toMatchObject({ status: 'running', lease: 1 });
    }
  });

  it('leaves a running turn whose worker still beats alone, whatever BullMQ thinks of its job', async () => {
    const { userId, projectId } = await newProject();
    const a = await enqueue(userId, projectId);
    await turns.claim(a, projectId);
    expect(await turns.claim(a, projectId)).toEqual({ kind: 'alive' });
    expect(await row(a)).toMatchObject({ status: 'running', lease: 1 });
    expect(await turns.beat(a, 2)).toBe(false);
    await stopBeating(a);
    expect(await turns.beat(a, 1)).toBe(true);
    expect(await turns.claim(a, projectId)).toEqual({ kind: 'alive' });
  });

  it('claims a turn already running, once its heartbeat is stale, as a recovery with a new lease, fencing out the old worker', async () => {
    const { userId, projectId } = await newProject();
    const a = await enqueue(userId, projectId);
    await turns.claim(a, projectId);
    await stopBeating(a);
    const again = await turns.claim(a, projectId);
    expect(again).toMatchObject({ kind: 'recover', lease: 2 });
    const turn = await row(a);
    expect(await turns.finish(turn, 1, { status: 'failed', error: { code: 'INTERNAL', message: 'old worker' } })).toBe(false);
    expect(await turns.finish(turn, 2, { status: 'completed', response: 'done', version: 3 })).toBe(true);
    expect(await turns.claim(a, projectId)).toEqual({ kind: 'finished', status: 'completed' });
    expect(await turns.claim(randomUUID(), projectId)).toEqual({ kind: 'finished', status: 'cancelled' });
  });

  it('tells whether the person saw any of a turn’s reply (a stored chat:delta of that turn), and hands back one that showed nothing', async () => {
    const { userId, projectId } = await newProject();
    const a = await enqueue(userId, projectId);
    const b = await enqueue(userId, projectId);
    const events = new ProjectEventsRepository(ds);
    await events.append(projectId, 'turn:stage', { turnId: a, stage: 'llm' });
    await events.append(projectId, 'chat:delta', { turnId: b, text: 'Hello' });
    expect(await turns.showedReply(a, projectId)).toBe(false);
    expect(await turns.showedReply(b, projectId)).toBe(true);
    // Another project's turn of the same id shows nothing here.
    expect(await turns.showedReply(b, (await newProject()).projectId)).toBe(false);
    await events.append(projectId, 'file:staged', { turnId: a, action: 'write', path: 'src/App.tsx' });
    expect(await turns.showedReply(a, projectId)).toBe(true);
  });

  it('completes inside the caller’s transaction, with the assistant’s message, and rolls back with it', async () => {
    const { userId, projectId } = await newProject();
    const a = await enqueue(userId, projectId);
    await turns.claim(a, projectId);
    const turn = await row(a);
    const refused = [{ path: 'x.ts', code: 'TYPE_ERROR' as const, message: 'bad', action: 'write' as const }];
    await expect(
      ds.transaction(async (tx) => {
        expect(await turns.within(tx).complete(turn, 1, { status: 'completed', response: 'rolled back', version: 4 })).toBe(true);
        throw new Error('the version did not land');
      }),
    ).rejects.toThrow('the version did not land');
    expect(await row(a)).toMatchObject({ status: 'running' });
    await ds.transaction((tx) => turns.within(tx).complete(turn, 1, { status: 'completed', response: 'all done', version: 4, refused, changes: [] }));
    expect(await row(a)).toMatchObject({ status: 'completed', version: 4, response: 'all done', partial: true, pendingCommit: null });
    const messages = await turns.recentMessages(projectId, 10);
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', content: 'all done', meta: { partial: true, refused, warnings: [] } });
  });

  it('records pending changes only while the turn is running under this lease and not cancelled', async () => {
    const { userId, projectId } = await newProject();
    const a = await enqueue(userId, projectId);
    await turns.claim(a, projectId);
    const pending = { changes: [{ action: 'delete' as const, path: 'a.ts' }], response: 'r', refused: [], usage: null };
    expect(await turns.savePending(a, 0, pending)).toBe(false);
    expect(await turns.savePending(a, 1, pending)).toBe(true);
    expect((await row(a)).pendingCommit).toEqual(pending);
    expect(await turns.requestCancel(a)).toBe(true);
    expect(await turns.cancelRequested(a)).toBe(true);
    expect(await turns.savePending(a, 1, pending)).toBe(false);
    expect(await turns.complete(await row(a), 1, { status: 'completed' })).toBe(false);
  });

  it('cancels a queued turn at once, and only a queued one', async () => {
    const { userId, projectId } = await newProject();
    const a = await enqueue(userId, projectId);
    expect(await turns.requestCancel(a)).toBe(false);
    expect(await turns.cancelQueued(a)).toBe(true);
    expect(await row(a)).toMatchObject({ status: 'cancelled', cancelRequested: true, finishedAt: expect.any(Date) });
    expect(await turns.cancelQueued(a)).toBe(false);
    expect(await turns.cancelRequested(randomUUID())).toBe(true);
  });

  it('fails a queued turn whose job could not be enqueued, and a turn the queue gave up on (moving its lease)', async () => {
    const { userId, projectId } = await newProject();
    const a = await enqueue(userId, projectId);
    const b = await enqueue(userId, projectId);
    const error = { code: 'DEPENDENCY_DOWN' as const, message: 'queue down' };
    expect(await turns.failQueued(a, error)).toBe(true);
    expect(await row(a)).toMatchObject({ status: 'failed', error });
    expect(await turns.failQueued(a, error)).toBe(false);
    await turns.claim(b, projectId);
    const interrupted = { code: 'TURN_INTERRUPTED' as const, message: 'gave up' };
    expect(await turns.failInterrupted(b, interrupted)).toBe(true);
    expect(await row(b)).toMatchObject({ status: 'failed', error: interrupted, lease: 2 });
    expect(await turns.failInterrupted(b, interrupted)).toBe(false);
  });

  it('keeps the audit trail, the conversation before a turn and the project’s summary', async () => {
    const { userId, projectId } = await newProject();
    const a = await enqueue(userId, projectId, 'first');
    await turns.claim(a, projectId);
    await turns.finish(await row(a), 1, { status: 'completed', response: 'reply one' });
    const b = await enqueue(userId, projectId, 'second');
    expect(await turns.conversation(projectId, await row(b))).toEqual([
      { role: 'user', content: 'first', attachments: null },
      { role: 'assistant', content: 'reply one', attachments: null },
    ]);
    await turns.audit(b, 'stage', { stage: 'context' });
    await turns.audit(randomUUID(), 'stage'); // no such turn: never throws
    expect(await ds.getRepository(TurnEventEntity).findBy({ turnId: b })).toEqual([expect.objectContaining({ kind: 'stage', data: { stage: 'context' } })]);
    expect(await turns.summary(projectId)).toBeUndefined();
    await turns.saveSummary(projectId, { text: 'they like blue', coversMessages: 2 });
    await turns.saveSummary(projectId, { text: 'they like red', coversMessages: 3 });
    expect(await turns.summary(projectId)).toEqual({ text: 'they like red', coversMessages: 3 });
  });

  it('keeps the pictures of the person’s message, shows them in the conversation, and records where the turn saved them', async () => {
    const { userId, projectId } = await newProject();
    const logo = { uploadId: randomUUID(), fileName: 'Logo.png', contentType: 'image/png' as const, width: 320, height: 96, use: 'asset' as const };
    const shot = { uploadId: randomUUID(), fileName: 'shot.webp', contentType: 'image/webp' as const, width: 800, height: 600, use: 'reference' as const };
    const queued = await turns.enqueue(projectId, userId, 'use this logo', null, 10, [logo, shot]);
    const turnId = queued.kind === 'queued' ? queued.event.payload.turnId : '';
    const plain = await enqueue(userId, projectId, 'no pictures');
    expect(await turns.attachmentsOf({ id: turnId, projectId })).toEqual([logo, shot]);
    expect(await turns.attachmentsOf({ id: plain, projectId })).toEqual([]);
    // Scoped by the project: another project's id finds nothing.
    expect(await turns.attachmentsOf({ id: turnId, projectId: randomUUID() })).toEqual([]);

    await turns.recordAssetPaths({ id: turnId, projectId }, new Map([[logo.uploadId, 'public/assets/logo.png']]));
    expect(await turns.attachmentsOf({ id: turnId, projectId })).toEqual([{ ...logo, assetPath: 'public/assets/logo.png' }, shot]);
    expect((await turns.recentMessages(projectId, 10)).map((m) => m.attachments)).toEqual([[{ ...logo, assetPath: 'public/assets/logo.png' }, shot], null]);
    expect(await turns.conversation(projectId, await row(plain))).toEqual([{ role: 'user', content: 'use this logo', attachments: [{ ...logo, assetPath: 'public/assets/logo.png' }, shot] }]);
  });
});
