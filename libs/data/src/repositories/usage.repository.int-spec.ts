import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { ProjectEntity } from '../entities/project.entity.js';
import { TurnEntity } from '../entities/turn.entity.js';
import { UserEntity } from '../entities/user.entity.js';
import { ProjectsRepository } from './projects.repository.js';
import type { EndedCall } from './turn-settlement.js';
import { TurnsRepository } from './turns.repository.js';
import { type BudgetSettings, UsageRepository } from './usage.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let turns: TurnsRepository;
let usage: UsageRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 4 });
  await ds.initialize();
  turns = new TurnsRepository(ds);
  usage = new UsageRepository(ds);
});
afterAll(() => ds.destroy());

const SETTINGS: BudgetSettings = { defaultMonthlyMicroUsd: null, perTurnCapMicroUsd: 2_000_000, storageQuotaBytes: 1000 };

async function newUser(budgetMicroUsd: number | null = null): Promise<string> {
  const user = await ds.getRepository(UserEntity).save({ email: `${randomUUID()}@example.test`, passwordHash: 'x' });
  if (budgetMicroUsd !== null) await ds.query(`UPDATE users SET monthly_budget_micro_usd = $2 WHERE id = $1`, [user.id, budgetMicroUsd]);
  return user.id;
}

async function newProject(userId: string, name = 'P'): Promise<string> {
  return (await ds.getRepository(ProjectEntity).save({ ownerId: userId, name, templateId: 'landing', headVersion: 1 })).id;
}

/** A turn claimed by a worker (status running, lease 1). */
async function runningTurn(userId: string, projectId: string): Promise<TurnEntity> {
  const queued = await turns.enqueue(projectId, userId, 'hi', null, 10);
  if (queued.kind !== 'queued') throw new Error(`not queued: ${queued.kind}`);
  const claim = await turns.claim(queued.event.payload.turnId, projectId);
  if (claim.kind !== 'run') throw new Error(`not run: ${claim.kind}`);
  return claim.turn;
}

const call = (over: Partial<EndedCall> = {}): EndedCall => ({
  purpose: 'reply',
  provider: 'openai',
  model: 'gpt',
  inputTokens: 1000,
  cachedInputTokens: 100,
  outputTokens: 50,
  costMicroUsd: 3000,
  billedTo: 'operator',
  ...over,
});

const spend = async (userId: string) => {
  const [row] = await ds.query(`SELECT spent_micro_usd::int AS spent, reserved_micro_usd::int AS reserved, warned_at FROM user_spend WHERE user_id = $1`, [userId]);
  return row as { spent: number; reserved: number; warned_at: Date | null } | undefined;
};
const ledger = (turnId: string) => ds.query(`SELECT seq, purpose, billed_to, cost_micro_usd::int AS cost FROM usage_records WHERE turn_id = $1 ORDER BY seq`, [turnId]);

describe('UsageRepository', () => {
  it('lets exactly one of two turns racing for the last of the budget hold it; the other learns what is left', async () => {
    const userId = await newUser(10_000);
    const [a, b] = await Promise.all([runningTurn(userId, await newProject(userId)), runningTurn(userId, await newProject(userId))]);
    const results = await Promise.all([usage.reserve(a.id, a.lease, 6000, null), usage.reserve(b.id, b.lease, 6000, null)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['held', 'refused']);
    expect(results.find((r) => r.kind === 'refused')).toMatchObject({ remainingMicroUsd: 4000, monthlyMicroUsd: 10_000 });
    expect(await spend(userId)).toMatchObject({ spent: 0, reserved: 6000 });
    const held = results[0].kind === 'held' ? a : b;
    expect((await ds.getRepository(TurnEntity).findOneByOrFail({ id: held.id })).reservedMicroUsd).toBe(6000);
  });

  it('holds nothing without a budget, and nothing for a turn another worker took', async () => {
    const free = await newUser();
    const t = await runningTurn(free, await newProject(free));
    expect(await usage.reserve(t.id, t.lease, 6000, null)).toEqual({ kind: 'unbudgeted' });
    expect(await spend(free)).toBeUndefined();
    const capped = await newUser(1_000_000);
    const u = await runningTurn(capped, await newProject(capped));
    expect(await usage.reserve(u.id, u.lease + 1, 6000, null)).toEqual({ kind: 'lost' });
    expect(await spend(capped)).toBeUndefined();
    expect((await ds.getRepository(TurnEntity).findOneByOrFail({ id: u.id })).reservedMicroUsd).toBe(0);
  });

  it('settles with the outcome: every persisted call a ledger row, spent += operator cost, the reservation released, once', async () => {
    const userId = await newUser(1_000_000);
    const t = await runningTurn(userId, await newProject(userId));
    await usage.reserve(t.id, t.lease, 50_000, null);
    expect(await turns.recordCall(t.id, t.lease, call())).toBe(true);
    expect(await turns.recordCall(t.id, t.lease, call({ purpose: 'repair', costMicroUsd: 700, billedTo: 'own_key' }))).toBe(true);
    // A worker fenced out adds nothing.
    expect(await turns.recordCall(t.id, t.lease + 5, call())).toBe(false);
    expect(await turns.finish(t, t.lease, { status: 'completed' })).toBe(true);
    expect(await ledger(t.id)).toEqual([
      { seq: 0, purpose: 'reply', billed_to: 'operator', cost: 3000 },
      { seq: 1, purpose: 'repair', billed_to: 'own_key', cost: 700 },
    ]);
    expect(await spend(userId)).toMatchObject({ spent: 3000, reserved: 0 });
    expect((await ds.getRepository(TurnEntity).findOneByOrFail({ id: t.id })).reservedMicroUsd).toBe(0);
    expect(await turns.finish(t, t.lease, { status: 'failed' })).toBe(false);
    expect(await ledger(t.id)).toHaveLength(2);
    expect(await spend(userId)).toMatchObject({ spent: 3000, reserved: 0 });
  });

  it('gives back a call’s unused estimate as the call is recorded, so the repair that follows fits the budget', async () => {
    const userId = await newUser(100_000);
    const t = await runningTurn(userId, await newProject(userId));
    expect(await usage.reserve(t.id, t.lease, 90_000, null)).toMatchObject({ kind: 'held' });
    // The reply's estimate was 90_000 µ$; it cost 3000: 87_000 go back in the statement that records it.
    expect(await turns.recordCall(t.id, t.lease, call({ costMicroUsd: 3000 }), 90_000 - 3000)).toBe(true);
    expect(await spend(userId)).toMatchObject({ spent: 0, reserved: 3000 });
    expect((await ds.getRepository(TurnEntity).findOneByOrFail({ id: t.id })).reservedMicroUsd).toBe(3000);
    // Without the give-back 90_000 + 50_000 > 100_000 and the repair was refused.
    expect(await usage.reserve(t.id, t.lease, 50_000, null)).toEqual({ kind: 'held', heldMicroUsd: 50_000 });
    await turns.recordCall(t.id, t.lease, call({ purpose: 'repair', costMicroUsd: 1000 }), 49_000);
    expect(await turns.finish(t, t.lease, { status: 'completed' })).toBe(true);
    expect(await spend(userId)).toMatchObject({ spent: 4000, reserved: 0 });
    // A fenced-out worker gives back nothing.
    const u = await runningTurn(userId, await newProject(userId));
    await usage.reserve(u.id, u.lease, 10_000, null);
    expect(await turns.recordCall(u.id, u.lease + 1, call(), 10_000)).toBe(false);
    expect(await spend(userId)).toMatchObject({ reserved: 10_000 });
  });

  it('deleting a project mid-turn settles the turn first: its calls ledgered (project gone), its hold released, its worker fenced', async () => {
    const userId = await newUser(1_000_000);
    const projectId = await newProject(userId);
    const t = await runningTurn(userId, projectId);
    await usage.reserve(t.id, t.lease, 50_000, null);
    await turns.recordCall(t.id, t.lease, call({ costMicroUsd: 3000 }));
    const projects = new ProjectsRepository(ds);
    expect(await projects.deleteOwned(await newUser(), projectId)).toBe(false);
    expect(await projects.deleteOwned(userId, projectId)).toBe(true);
    expect(await ds.query(`SELECT project_id, seq, cost_micro_usd::int AS cost FROM usage_records WHERE turn_id = $1`, [t.id])).toEqual([{ project_id: null, seq: 0, cost: 3000 }]);
    expect(await spend(userId)).toMatchObject({ spent: 3000, reserved: 0 });
    // The worker still running it can neither record nor hold anything more.
    expect(await turns.recordCall(t.id, t.lease, call())).toBe(false);
    expect(await usage.reserve(t.id, t.lease, 1000, null)).toEqual({ kind: 'lost' });
    expect(await spend(userId)).toMatchObject({ spent: 3000, reserved: 0 });
  });

  it('a recovered turn continues the seq and ends with the dead worker’s calls and reservation', async () => {
    const userId = await newUser(1_000_000);
    const projectId = await newProject(userId);
    const t = await runningTurn(userId, projectId);
    await usage.reserve(t.id, t.lease, 40_000, null);
    await turns.recordCall(t.id, t.lease, call({ costMicroUsd: 1000 }));
    // Its worker died: the heartbeat went stale.
    await ds.query(`UPDATE turns SET heartbeat_at = now() - interval '1 hour' WHERE id = $1`, [t.id]);
    const again = await turns.claim(t.id, projectId);
    if (again.kind !== 'recover') throw new Error(again.kind);
    expect(await turns.recordCall(t.id, t.lease, call())).toBe(false);
    await usage.reserve(t.id, again.lease, 10_000, null);
    await turns.recordCall(t.id, again.lease, call({ purpose: 'continuation', costMicroUsd: 2000 }));
    await turns.failInterrupted(t.id, { code: 'TURN_INTERRUPTED', message: 'gone' });
    expect((await ledger(t.id)).map((r: { seq: number; cost: number }) => [r.seq, r.cost])).toEqual([
      [0, 1000],
      [1, 2000],
    ]);
    expect(await spend(userId)).toMatchObject({ spent: 3000, reserved: 0 });
  });

  it('ledgers a summary with its turn (seq 1000 on), once', async () => {
    const userId = await newUser(1_000_000);
    const projectId = await newProject(userId);
    const t = await runningTurn(userId, projectId);
    const billed = { turn: t, calls: [call({ purpose: 'summary', costMicroUsd: 400 })] };
    await turns.saveSummary(projectId, { text: 'So far.', coversMessages: 4 }, billed);
    await turns.saveSummary(projectId, { text: 'So far.', coversMessages: 4 }, billed);
    expect(await ledger(t.id)).toEqual([{ seq: 1000, purpose: 'summary', billed_to: 'operator', cost: 400 }]);
    expect(await spend(userId)).toMatchObject({ spent: 400 });
  });

  it('books a summary to its turn’s month, not the month it is saved in', async () => {
    const userId = await newUser(1_000_000);
    const projectId = await newProject(userId);
    const t = await runningTurn(userId, projectId);
    // The turn started on the last day of last month.
    await ds.query(`UPDATE turns SET started_at = (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 hour') AT TIME ZONE 'UTC' WHERE id = $1`, [t.id]);
    await turns.saveSummary(projectId, { text: 'So far.', coversMessages: 4 }, { turn: t, calls: [call({ purpose: 'summary', costMicroUsd: 400 })] });
    const months = await ds.query(
      `SELECT (period = date_trunc('month', (now() AT TIME ZONE 'UTC') - interval '1 month')::date) AS last_month, spent_micro_usd::int AS spent FROM user_spend WHERE user_id = $1`,
      [userId],
    );
    expect(months).toEqual([{ last_month: true, spent: 400 }]);
  });

  it('warns once a month, when what was spent passes the ratio', async () => {
    const userId = await newUser(10_000);
    const t = await runningTurn(userId, await newProject(userId));
    await turns.recordCall(t.id, t.lease, call({ costMicroUsd: 7000 }));
    await turns.finish(t, t.lease, { status: 'completed' });
    expect(await usage.warnOnce(userId, 0.8, null)).toBeNull();
    const u = await runningTurn(userId, await newProject(userId));
    await turns.recordCall(u.id, u.lease, call({ costMicroUsd: 1500 }));
    await turns.finish(u, u.lease, { status: 'failed' });
    const [first, second] = await Promise.all([usage.warnOnce(userId, 0.8, null), usage.warnOnce(userId, 0.8, null)]);
    expect([first, second].filter(Boolean)).toEqual([expect.objectContaining({ spentUsd: 0.0085, monthlyUsd: 0.01 })]);
  });

  it('reports the ledger by day, project and model, the budget, and never another person’s calls', async () => {
    const userId = await newUser(1_000_000);
    const site = await newProject(userId, 'Site');
    const shop = await newProject(userId, 'Shop');
    const a = await runningTurn(userId, site);
    await turns.recordCall(a.id, a.lease, call({ costMicroUsd: 1000 }));
    await turns.recordCall(a.id, a.lease, call({ model: 'claude', provider: 'anthropic', costMicroUsd: 2500, billedTo: 'own_key' }));
    await turns.finish(a, a.lease, { status: 'completed' });
    const b = await runningTurn(userId, shop);
    await turns.recordCall(b.id, b.lease, call({ costMicroUsd: 500 }));
    await turns.finish(b, b.lease, { status: 'completed' });
    const other = await newUser();
    const o = await runningTurn(other, await newProject(other));
    await turns.recordCall(o.id, o.lease, call({ costMicroUsd: 99_999 }));
    await turns.finish(o, o.lease, { status: 'completed' });

    const today = new Date().toISOString().slice(0, 10);
    const byProject = await usage.report(userId, { groupBy: 'project', from: today, to: today }, SETTINGS);
    expect(byProject.rows.map((r) => [r.label, r.calls, r.costUsd, r.ownKeyCostUsd]).sort()).toEqual([
      ['Shop', 1, 0.0005, 0],
      ['Site', 2, 0.001, 0.0025],
    ]);
    expect(byProject.totals).toEqual({ calls: 3, inputTokens: 3000, cachedInputTokens: 300, outputTokens: 150, costUsd: 0.0015, ownKeyCostUsd: 0.0025 });
    const byModel = await usage.report(userId, { groupBy: 'model', from: today, to: today }, SETTINGS);
    expect(byModel.rows.map((r) => [r.key, r.calls])).toEqual([
      ['anthropic:claude', 1],
      ['openai:gpt', 2],
    ]);
    const byDay = await usage.report(userId, { groupBy: 'day' }, SETTINGS);
    expect(byDay.rows).toEqual([expect.objectContaining({ key: today, calls: 3, costUsd: 0.0015 })]);
    expect(byDay.budget).toMatchObject({ monthlyUsd: 1, overridden: true, spentUsd: 0.0015, reservedUsd: 0, remainingUsd: 0.9985, perTurnCapUsd: 2 });
    expect(byDay.storage).toEqual({ assetBytes: 0, projectBytes: 0, quotaBytes: 1000 });
    expect((await usage.report(userId, { groupBy: 'day', from: '2001-01-01', to: '2001-01-31' }, SETTINGS)).rows).toEqual([]);
  });
});
