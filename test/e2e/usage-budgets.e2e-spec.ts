import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { UsageReportView } from '@studio/contracts';
import { createDataSource } from '@studio/data';
import type { Socket } from 'socket.io-client';
import type { DataSource } from 'typeorm';
import { connectSocket, emitWithAck, type SignedUp, signUp } from './support/api.js';
import { AppProcess, freePort, waitForHealth } from './support/apps.js';
import { EventLog, LANDING_HERO_PROPS, reply, script, send } from './support/turns.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

jest.setTimeout(180_000);

/**
 * Usage ledger and budgets (docs/API.md "Usage and budgets") against the real stack and the scripted model.
 * Its own API and workers (a queue prefix of their own) run with prices and limits of their own: scripted-gpt
 * costs $1 per million input tokens and $400 per million output tokens (so output dominates), a turn may write
 * 4000 tokens (an estimate of about $1.6) and cost at most $0.50.
 */
const PRICE = { input: 1, output: 400, cachedInput: 0.1 };
const BUDGET_ENV = {
  LLM_PRICES: JSON.stringify({ 'scripted-gpt': PRICE, 'scripted-claude': PRICE }),
  TURN_MAX_OUTPUT_TOKENS: '4000',
  TURN_MAX_COST_USD: '0.5',
};
/** What the scripted model reports for a call, priced as the router prices it (micro-dollars). */
const costOf = (input: number, output: number) => input * PRICE.input + output * PRICE.output;

const HERO = (text: string) => `export default function Hero(_props: ${LANDING_HERO_PROPS}) {\n  return <h1>${text}</h1>;\n}`;
const BADGE = 'export function Badge({ label }: { label: string }) {\n  return <span className="rounded bg-blue-100 px-2">{label}</span>;\n}';

describe('usage ledger and budgets', () => {
  const prefix = `usage-${randomUUID().slice(0, 8)}`;
  let api: AppProcess;
  let url: string;
  let db: DataSource;
  const workers: AppProcess[] = [];
  const sockets: Socket[] = [];
  const startWorker = async () => {
    const w = new AppProcess('worker', { QUEUE_PREFIX: prefix, WORKER_METRICS_PORT: '0', ...BUDGET_ENV });
    workers.push(w);
    await w.waitForLine(/Worker started/);
    return w;
  };
  let worker: AppProcess;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = new AppProcess('api', { QUEUE_PREFIX: prefix, PORT: String(port), ...BUDGET_ENV });
    db = createDataSource(process.env.DATABASE_URL ?? '', { poolSize: 1, applicationName: 'usage-e2e' });
    await Promise.all([waitForHealth(url), db.initialize()]);
    worker = await startWorker();
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all([...workers.map((w) => w.stop()), api?.stop(), db?.destroy()]);
  });

  async function project(user: SignedUp, name = 'Usage') {
    const created = await user.client.post('/api/projects', { name });
    const socket = await connectSocket(user.accessToken, url);
    sockets.push(socket);
    const log = new EventLog(socket);
    await emitWithAck(socket, 'project:join', { projectId: created.body.id });
    return { projectId: created.body.id as string, socket, log };
  }

  const setBudget = (userId: string, usd: number) => db.query(`UPDATE users SET monthly_budget_micro_usd = $2 WHERE id = $1`, [userId, Math.round(usd * 1e6)]);
  const ledgerOf = async (turnId: string): Promise<{ purpose: string; input: number; output: number; cost: number }[]> =>
    db.query(`SELECT purpose, input_tokens AS input, output_tokens AS output, cost_micro_usd::int AS cost FROM usage_records WHERE turn_id = $1 ORDER BY seq`, [turnId]);

  let ledgerUser: SignedUp;

  it('ledgers every call as the provider reported it: reply, continuation, repair, and a dead worker’s call', async () => {
    ledgerUser = await signUp('usage-ledger', url);
    const { projectId, socket, log } = await project(ledgerUser, 'Ledger');
    // A reply cut at the token limit, its continuation with a broken file, and the repair that fixes it.
    const full = reply('A badge.', { 'src/components/Badge.tsx': 'export function Badge() { return <span>; }' });
    const cutAt = full.indexOf('<code');
    const s = await script({
      reply: full.slice(0, cutAt),
      finish: 'length',
      usage: { input: 1000, output: 40 },
      then: [
        { reply: full.slice(cutAt), usage: { input: 1100, output: 60 } },
        { reply: reply('Fixed.', { 'src/components/Badge.tsx': BADGE }), usage: { input: 900, output: 70 } },
      ],
    });
    const turnId = await send(socket, projectId, `Add a badge ${s.marker}`);
    const done = await log.outcome(turnId);
    expect(done.name).toBe('turn:completed');
    const expected = [
      { purpose: 'reply', input: 1000, output: 40, cost: costOf(1000, 40) },
      { purpose: 'continuation', input: 1100, output: 60, cost: costOf(1100, 60) },
      { purpose: 'repair', input: 900, output: 70, cost: costOf(900, 70) },
    ];
    expect(await ledgerOf(turnId)).toEqual(expected);
    // The turn's own view of its usage (kept as it was) says the same.
    expect(done.payload.usage.calls.map((c: { purpose: string; inputTokens: number; outputTokens: number }) => [c.purpose, c.inputTokens, c.outputTokens])).toEqual(
      expected.map((e) => [e.purpose, e.input, e.output]),
    );

    // A worker killed while the continuation streams: the first call, which ended, is still ledgered once.
    const long = reply('Part one and then part two of a slow answer.', { 'src/components/Hero.tsx': HERO('Slow') });
    const cut = long.indexOf('part two');
    const k = await script({ reply: long.slice(0, cut), finish: 'length', usage: { input: 1200, output: 30 }, then: [{ reply: long.slice(cut), chunkChars: 2, chunkDelayMs: 50 }] });
    const crashed = await send(socket, projectId, `Slow ${k.marker}`);
    const streamed = () =>
      log
        .of(crashed)
        .filter((e) => e.name === 'chat:delta')
        .map((e) => e.payload.text as string)
        .join('');
    await log.waitFor(() => streamed().includes('part t'), 30_000, 'the continuation streaming');
    await worker.kill();
    worker = await startWorker();
    const interrupted = await log.outcome(crashed, 60_000);
    expect(interrupted.payload.error.code).toBe('TURN_INTERRUPTED');
    expect(await ledgerOf(crashed)).toEqual([{ purpose: 'reply', input: 1200, output: 30, cost: costOf(1200, 30) }]);
    const [turnRow] = await db.query(`SELECT reserved_micro_usd::int AS reserved, jsonb_array_length(billed_calls) AS calls FROM turns WHERE id = $1`, [crashed]);
    expect(turnRow).toEqual({ reserved: 0, calls: 1 });
  });

  it('of two turns racing for the last of a budget, exactly one runs; the other fails BUDGET_EXCEEDED with what is left', async () => {
    const user = await signUp('usage-race', url);
    // One turn's estimate (4000 output tokens at $400/M, plus its context) is about $1.6: $2.5 fits one, not two.
    await setBudget(user.userId, 2.5);
    const [a, b] = await Promise.all([project(user, 'Race A'), project(user, 'Race B')]);
    const slow = { reply: reply('Slow.', { 'src/components/Hero.tsx': HERO('Race') }), chunkChars: 8, chunkDelayMs: 80 };
    const [sa, sb] = await Promise.all([script(slow), script(slow)]);
    const [ta, tb] = await Promise.all([send(a.socket, a.projectId, `Race ${sa.marker}`), send(b.socket, b.projectId, `Race ${sb.marker}`)]);
    const outcomes = await Promise.all([a.log.outcome(ta), b.log.outcome(tb)]);
    expect(outcomes.map((o) => o.name).sort()).toEqual(['turn:completed', 'turn:failed']);
    const failed = outcomes.find((o) => o.name === 'turn:failed')!;
    expect(failed.payload.error).toMatchObject({ code: 'BUDGET_EXCEEDED', details: { monthlyUsd: 2.5, periodEnd: expect.stringMatching(/^\d{4}-\d{2}-01$/) } });
    const { estimateUsd, remainingUsd } = failed.payload.error.details;
    expect(estimateUsd).toBeGreaterThan(remainingUsd);
    expect(remainingUsd).toBeGreaterThan(0.5);
    expect(remainingUsd).toBeLessThan(1);
    // Nothing of the refused turn was spent; all reservations are released.
    const failedId = failed === outcomes[0] ? ta : tb;
    expect(await ledgerOf(failedId)).toEqual([]);
    const budget = (await user.client.get('/api/usage/budget')).body;
    expect(budget).toMatchObject({ monthlyUsd: 2.5, overridden: true, reservedUsd: 0, perTurnCapUsd: 0.5 });
    expect(budget.spentUsd).toBeGreaterThan(0);
  });

  it('stops a turn whose running cost passes TURN_MAX_COST_USD: TURN_COST_CAP_REACHED, no new version', async () => {
    const user = await signUp('usage-cap', url);
    const { projectId, socket, log } = await project(user, 'Cap');
    // 12 000 characters of output is about 3000 tokens, $1.20 at $400/M: the cap of $0.50 stops it on the way.
    const padding = Array.from({ length: 300 }, (_, i) => `// line ${i} of padding that costs money\n`).join('');
    const s = await script({ reply: reply('Long.', { 'src/components/Hero.tsx': `${padding}${HERO('Too long')}` }), chunkChars: 64 });
    const turnId = await send(socket, projectId, `Long ${s.marker}`);
    const done = await log.outcome(turnId);
    expect(done.name).toBe('turn:failed');
    expect(done.payload.error).toMatchObject({ code: 'TURN_COST_CAP_REACHED', details: { capUsd: 0.5 } });
    expect((await user.client.get(`/api/projects/${projectId}/versions`)).body).toHaveLength(1);
    expect((await user.client.get(`/api/projects/${projectId}`)).body.headVersion).toBe(1);
    // The stopped call never got the provider's figures: it is ledgered from its estimate, past the cap.
    const [stopped] = await ledgerOf(turnId);
    expect(stopped).toMatchObject({ purpose: 'reply', output: expect.any(Number) });
    expect(stopped.cost).toBeGreaterThan(500_000);
  });

  it('tells the person once, with budget:warning, when a turn takes their spend past 80%; refuses at once when nothing is left', async () => {
    const user = await signUp('usage-warn', url);
    const { projectId, socket, log } = await project(user, 'Warn');
    await setBudget(user.userId, 10);
    // The webhook goes with the event (127.0.0.1 is in the stack's WEBHOOK_ALLOWED_CIDRS).
    const receiver = await WebhookReceiver.start();
    expect((await user.client.post('/api/webhooks', { url: receiver.url('/budget'), events: ['budget.warning'] })).status).toBe(201);
    // $7.99 already spent this month: one ordinary turn passes $8.
    await db.query(`INSERT INTO user_spend (user_id, period, spent_micro_usd) VALUES ($1, date_trunc('month', now() AT TIME ZONE 'UTC')::date, 7990000)`, [user.userId]);
    const s = await script({ reply: reply('Warm.', { 'src/components/Hero.tsx': HERO('Warm') }), usage: { input: 1000, output: 100 } });
    const first = await send(socket, projectId, `Warm ${s.marker}`);
    expect((await log.outcome(first)).name).toBe('turn:completed');
    const warning = await log.waitFor((e) => e.name === 'budget:warning', 10_000, 'budget:warning');
    expect(warning.payload).toMatchObject({ turnId: first, monthlyUsd: 10, spentUsd: (7_990_000 + costOf(1000, 100)) / 1e6 });
    const again = await send(socket, projectId, `Warm again ${s.marker}`);
    expect((await log.outcome(again)).name).toBe('turn:completed');
    expect(log.events.filter((e) => e.name === 'budget:warning')).toHaveLength(1);
    const hook = await receiver.waitFor((d) => d.path === '/budget' && d.json?.event === 'budget.warning', 20_000, 'the budget.warning webhook');
    expect(hook.json.data).toMatchObject({ projectId, turnId: first, monthlyUsd: 10 });
    expect(receiver.deliveries.filter((d) => d.json?.event === 'budget.warning')).toHaveLength(1);
    await receiver.close();

    await setBudget(user.userId, 0);
    const ack = await emitWithAck(socket, 'chat:send', { projectId, message: 'One more' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'BUDGET_EXCEEDED', details: { monthlyUsd: 0, remainingUsd: 0 } } });
  });

  it('GET /api/usage sums the ledger by day, project and model, for the signed-in person only', async () => {
    const { client, userId } = ledgerUser;
    const [sums] = await db.query(`SELECT count(*)::int AS calls, sum(cost_micro_usd)::int AS cost, sum(output_tokens)::int AS output FROM usage_records WHERE user_id = $1`, [userId]);
    for (const groupBy of ['day', 'project', 'model']) {
      const res = await client.get<UsageReportView>(`/api/usage?groupBy=${groupBy}`);
      expect(res.status).toBe(200);
      expect(res.body.totals).toMatchObject({ calls: sums.calls, outputTokens: sums.output, costUsd: sums.cost / 1e6, ownKeyCostUsd: 0 });
      expect(res.body.rows.reduce((n, r) => n + r.calls, 0)).toBe(sums.calls);
    }
    const byProject = (await client.get<UsageReportView>('/api/usage?groupBy=project')).body;
    expect(byProject.rows.map((r) => r.label)).toEqual(['Ledger']);
    const byModel = (await client.get<UsageReportView>('/api/usage?groupBy=model')).body;
    expect(byModel.rows.map((r) => r.key)).toEqual(['openai:scripted-gpt']);
    expect(byModel.budget).toMatchObject({ monthlyUsd: null, remainingUsd: null, spentUsd: sums.cost / 1e6 });
    // Another person sees only theirs: nothing here.
    const stranger = await signUp('usage-stranger', url);
    expect((await stranger.client.get<UsageReportView>('/api/usage')).body).toMatchObject({ rows: [], totals: { calls: 0, costUsd: 0 } });

    expect((await client.get('/api/usage?from=2026-03-10&to=2026-03-01')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await client.get('/api/usage?from=2024-01-01&to=2026-01-01')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await client.get('/api/usage?from=2026-02-30')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await client.get('/api/usage?groupBy=week')).status).toBe(400);
  });
});
