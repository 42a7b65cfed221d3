import { jest } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { type Client, connectSocket, emitWithAck, eventually, signUp } from './support/api.js';
import { EventLog, LANDING_HERO_PROPS, reply, requestsOf, script, send } from './support/turns.js';

jest.setTimeout(60_000);

const HERO = `export default function Hero(_props: ${LANDING_HERO_PROPS}) {
  return (
    <section className="hero" aria-labelledby="hero-title">
      <h1 id="hero-title">Ship your launch page today</h1>
      <p>Written by the scripted model.</p>
    </section>
  );
}`;

const BADGE = `export function Badge({ label }: { label: string }) {
  return <span className="badge">{label}</span>;
}`;

interface Setup {
  client: Client;
  socket: Socket;
  log: EventLog;
  projectId: string;
}

const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.close()));

async function setup(tag: string): Promise<Setup> {
  const user = await signUp(tag);
  const project = await user.client.post('/api/projects', { name: tag });
  const socket = await connectSocket(user.accessToken);
  sockets.push(socket);
  const log = new EventLog(socket);
  const joined = await emitWithAck(socket, 'project:join', { projectId: project.body.id });
  expect(joined).toMatchObject({ ok: true, seq: expect.any(Number) });
  return { client: user.client, socket, log, projectId: project.body.id };
}

async function fileText(client: Client, projectId: string, path: string, version?: number): Promise<string | null> {
  const res = await client.get(`/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}${version ? `&version=${version}` : ''}`);
  return res.status === 200 ? String(res.body) : null;
}

/** The order docs/API.md guarantees for one turn's events. */
function expectTurnOrder(names: string[]) {
  expect(names[0]).toBe('turn:queued');
  expect(names[1]).toBe('turn:started');
  const last = names.at(-1)!;
  expect(['turn:completed', 'turn:failed', 'turn:cancelled']).toContain(last);
  for (const middle of names.slice(2, -1)) expect(['turn:stage', 'chat:delta', 'file:staged', 'turn:queued']).toContain(middle);
}

describe.each([
  ['OpenAI', 'openai:scripted-gpt'],
  ['Anthropic', 'anthropic:scripted-claude'],
])('a chat turn through the %s protocol', (_name, model) => {
  it('streams its events in order and lands exactly the accepted changes as one version', async () => {
    const { client, socket, log, projectId } = await setup(`turn-${model.split(':')[0]}`);
    const before = await client.get(`/api/projects/${projectId}/files`);
    const s = await script({
      reply: reply('I rewrote the hero and added a badge.', { 'src/components/Hero.tsx': HERO, 'src/components/Badge.tsx': BADGE }),
      chunkChars: 7,
    });
    const turnId = await send(socket, projectId, `Make the hero punchier ${s.marker}`, model);
    const done = await log.outcome(turnId);
    expect(done.name).toBe('turn:completed');

    const events = log.of(turnId);
    expectTurnOrder(events.map((e) => e.name));
    expect(events.filter((e) => e.name === 'turn:stage').map((e) => e.payload.stage)).toEqual(['context', 'llm', 'validate', 'commit', 'sync']);
    // Seqs grow by one within the project, with nothing else happening in it.
    const seqs = events.map((e) => e.payload.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    // The response streamed as chat:delta before the turn completed, in order.
    const streamed = events
      .filter((e) => e.name === 'chat:delta')
      .map((e) => e.payload.text)
      .join('');
    expect(streamed.trim()).toBe('I rewrote the hero and added a badge.');
    const staged = events.filter((e) => e.name === 'file:staged').map((e) => e.payload.path);
    expect(staged.sort()).toEqual(['src/components/Badge.tsx', 'src/components/Hero.tsx']);
    expect(events.findIndex((e) => e.name === 'file:staged')).toBeLessThan(events.findIndex((e) => e.payload.stage === 'commit'));

    const { version, changes, usage, refused } = done.payload;
    expect(version).toBe(2);
    expect(refused).toEqual([]);
    expect(changes).toEqual(
      expect.arrayContaining([
        { action: 'write', path: 'src/components/Hero.tsx' },
        { action: 'write', path: 'src/components/Badge.tsx' },
      ]),
    );
    expect(usage).toMatchObject({ provider: model.split(':')[0], model: model.split(':')[1], inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
    expect(usage.calls).toEqual([expect.objectContaining({ purpose: 'reply', inputTokens: usage.inputTokens, outputTokens: usage.outputTokens })]);
    expect(done.payload).toMatchObject({ partial: false, warnings: expect.any(Array) });
    // The model was called through the protocol asked for.
    expect((await requestsOf(s.id)).map((r) => r.protocol)).toEqual([model.split(':')[0]]);

    // The new version is the old one plus exactly these two files.
    const after = await client.get(`/api/projects/${projectId}/files?version=2`);
    const paths = (list: { path: string }[]) => list.map((f) => f.path).sort();
    expect(paths(after.body)).toEqual([...paths(before.body), 'src/components/Badge.tsx'].sort());
    expect(await fileText(client, projectId, 'src/components/Hero.tsx')).toBe(`${HERO}\n`);
    expect(await fileText(client, projectId, 'src/components/Badge.tsx')).toBe(`${BADGE}\n`);
    const unchanged = before.body.filter((f: { path: string }) => f.path !== 'src/components/Hero.tsx');
    for (const f of unchanged) expect(after.body).toContainEqual(f);

    const turn = await client.get(`/api/turns/${turnId}`);
    expect(turn.body).toMatchObject({ id: turnId, status: 'completed', baseVersion: 1, version: 2, response: 'I rewrote the hero and added a badge.' });
    const versions = await client.get(`/api/projects/${projectId}/versions`);
    expect(versions.body[0]).toMatchObject({ number: 2, source: 'ai', turnId });
    const messages = await client.get(`/api/projects/${projectId}/messages`);
    expect(messages.body.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
  });
});

describe('validation', () => {
  it('commits only the good file of a reply with a bad path, a syntax error and a good file, and reports the other two', async () => {
    const { client, socket, log, projectId } = await setup('turn-refusals');
    const s = await script({
      reply: reply('Three files.', { '../outside.ts': 'export const x = 1;', 'src/components/Broken.tsx': 'export default function Broken() { return <div>; }', 'src/components/Badge.tsx': BADGE }),
      // The repair round gets a reply that fixes nothing.
      then: [{ reply: reply('I could not fix it.') }],
    });
    const turnId = await send(socket, projectId, `Add three files ${s.marker}`);
    const done = await log.outcome(turnId);
    expect(done.name).toBe('turn:completed');
    expect(done.payload.changes).toEqual([{ action: 'write', path: 'src/components/Badge.tsx' }]);
    const codes = Object.fromEntries(done.payload.refused.map((r: { path: string; code: string }) => [r.path, r.code]));
    expect(codes).toEqual({ '../outside.ts': 'PATH_TRAVERSAL', 'src/components/Broken.tsx': 'SYNTAX_ERROR' });
    expect(done.payload.refused.find((r: { code: string }) => r.code === 'SYNTAX_ERROR').message).toMatch(/Broken\.tsx:1/);
    expect(
      log
        .of(turnId)
        .filter((e) => e.name === 'file:staged')
        .map((e) => e.payload.path),
    ).toEqual(['src/components/Badge.tsx']);

    const files = (await client.get(`/api/projects/${projectId}/files`)).body.map((f: { path: string }) => f.path);
    expect(files).toContain('src/components/Badge.tsx');
    expect(files).not.toContain('src/components/Broken.tsx');
    expect((await client.get(`/api/turns/${turnId}`)).body).toMatchObject({ partial: true, refused: expect.any(Array) });
    expect((await client.get(`/api/turns/${turnId}`)).body.refused).toHaveLength(2);
    // The chat never claims more than landed: the model's message carries what was not applied.
    const messages = (await client.get(`/api/projects/${projectId}/messages`)).body;
    expect(messages.at(-1)).toMatchObject({
      role: 'assistant',
      partial: true,
      refused: expect.arrayContaining([expect.objectContaining({ path: 'src/components/Broken.tsx', code: 'SYNTAX_ERROR' })]),
    });
    // The repair round asked with the exact error, and is counted apart from the first reply.
    const calls = await requestsOf(s.id);
    expect(calls).toHaveLength(2);
    expect(JSON.stringify(calls[1].body.messages.at(-1))).toContain('SYNTAX_ERROR');
    expect(done.payload.usage.calls.map((c: { purpose: string }) => c.purpose)).toEqual(['reply', 'repair']);
  });

  it('repairs a syntax error in one round and commits the corrected file', async () => {
    const { client, socket, log, projectId } = await setup('turn-repair');
    const s = await script({
      reply: reply('A badge.', { 'src/components/Badge.tsx': 'export function Badge() { return <span>; }' }),
      then: [{ reply: reply('Fixed.', { 'src/components/Badge.tsx': BADGE }) }],
    });
    const turnId = await send(socket, projectId, `Add a badge ${s.marker}`);
    const done = await log.outcome(turnId);
    expect(done.payload).toMatchObject({ version: 2, refused: [], changes: [{ action: 'write', path: 'src/components/Badge.tsx' }] });
    expect(await fileText(client, projectId, 'src/components/Badge.tsx')).toBe(`${BADGE}\n`);
    // Both calls' tokens are counted.
    const calls = await requestsOf(s.id);
    expect(calls).toHaveLength(2);
    expect(done.payload.usage.outputTokens).toBeGreaterThan(0);
  });

  it('refuses imports the project or the preview cannot resolve, and protected files', async () => {
    const { socket, log, projectId } = await setup('turn-imports');
    const s = await script({
      reply: reply('Imports.', {
        'src/components/A.tsx': "import { thing } from './Missing';\nexport const A = () => <p>{thing}</p>;",
        'src/components/B.tsx': "import confetti from 'canvas-confetti';\nexport const B = () => <p>{String(confetti)}</p>;",
        'src/components/C.tsx': 'import { Badge } from \'./Badge\';\nexport const C = () => <Badge label="c" />;',
        'src/components/Badge.tsx': BADGE,
        'vite.config.ts': 'export default {};',
        'src/components/D.tsx': 'export const D = () => { eval("1"); return null; };',
      }),
      then: [{ reply: reply('No fix.') }],
    });
    const turnId = await send(socket, projectId, `Imports ${s.marker}`);
    const done = await log.outcome(turnId);
    const codes = Object.fromEntries(done.payload.refused.map((r: { path: string; code: string }) => [r.path, r.code]));
    expect(codes).toEqual({
      'src/components/A.tsx': 'IMPORT_UNRESOLVED',
      'src/components/B.tsx': 'IMPORT_NOT_AVAILABLE',
      'vite.config.ts': 'PROTECTED_FILE',
      'src/components/D.tsx': 'DANGEROUS_CODE',
    });
    // C imports Badge, written after it in the same reply: it waits for it, then both land.
    expect(done.payload.changes.map((c: { path: string }) => c.path).sort()).toEqual(['src/components/Badge.tsx', 'src/components/C.tsx']);
  });
});

describe('truncated replies', () => {
  it('continues a reply cut at the token limit so the cut file completes', async () => {
    const { client, socket, log, projectId } = await setup('turn-truncated');
    const full = reply('A new hero.', { 'src/components/Hero.tsx': HERO });
    const cutAt = full.indexOf('<h1');
    const s = await script({ reply: full.slice(0, cutAt), finish: 'length', then: [{ reply: full.slice(cutAt) }] });
    const turnId = await send(socket, projectId, `New hero ${s.marker}`);
    const done = await log.outcome(turnId);
    expect(done.payload).toMatchObject({ version: 2, refused: [], changes: [{ action: 'write', path: 'src/components/Hero.tsx' }] });
    expect(await fileText(client, projectId, 'src/components/Hero.tsx')).toBe(`${HERO}\n`);
    const calls = await requestsOf(s.id);
    expect(calls).toHaveLength(2);
    expect(JSON.stringify(calls[1].body.messages)).toContain('Continue it exactly where it stopped');
  });

  it('refuses the cut file when the reply is still cut after two continuations', async () => {
    const { socket, log, projectId } = await setup('turn-truncated-twice');
    const s = await script({
      reply: reply('Badge, then a cut hero.', { 'src/components/Badge.tsx': BADGE }, '<code path="src/components/Hero.tsx">\nexport default'),
      finish: 'length',
      then: [{ reply: ' function', finish: 'length' }],
    });
    const turnId = await send(socket, projectId, `Cut ${s.marker}`);
    const done = await log.outcome(turnId);
    expect(done.payload.changes).toEqual([{ action: 'write', path: 'src/components/Badge.tsx' }]);
    expect(done.payload.refused).toEqual([expect.objectContaining({ path: 'src/components/Hero.tsx', code: 'CODE_BLOCK_TRUNCATED' })]);
    expect(await requestsOf(s.id)).toHaveLength(3);
  });
});

describe('cancel, order, isolation, replay', () => {
  const slow = (files: Record<string, string>) => ({ reply: reply('Working on it, slowly.', files), chunkChars: 4, chunkDelayMs: 40 });

  it('cancel mid-stream stops the model and commits nothing', async () => {
    const { client, socket, log, projectId } = await setup('turn-cancel');
    const s = await script(slow({ 'src/components/Hero.tsx': HERO }));
    const turnId = await send(socket, projectId, `Slow ${s.marker}`);
    await log.waitFor((e) => e.name === 'chat:delta' && e.payload.turnId === turnId);
    expect(await emitWithAck(socket, 'chat:cancel', { turnId })).toEqual({ ok: true });
    const done = await log.outcome(turnId);
    expect(done.name).toBe('turn:cancelled');
    expect((await client.get(`/api/projects/${projectId}`)).body.headVersion).toBe(1);
    expect((await client.get(`/api/turns/${turnId}`)).body.status).toBe('cancelled');
    expect((await client.post(`/api/turns/${turnId}/cancel`)).body.error.code).toBe('TURN_FINISHED');
  });

  it('runs two turns of one project one after the other, in order', async () => {
    const { client, socket, log, projectId } = await setup('turn-order');
    const first = await script({ ...slow({ 'src/components/Badge.tsx': BADGE }), chunkDelayMs: 10 });
    const second = await script({ reply: reply('Second.', { 'src/components/Hero.tsx': HERO }) });
    const t1 = await send(socket, projectId, `First ${first.marker}`);
    const t2 = await send(socket, projectId, `Second ${second.marker}`);
    // The event travels through Redis, the ack straight back: the ack may arrive first.
    const queued = await log.waitFor((e) => e.payload?.turnId === t2 && e.name === 'turn:queued', 10_000, 'turn:queued of the second turn');
    expect(queued).toMatchObject({ payload: { position: 1 } });
    expect(log.of(t2)[0]).toBe(queued);
    const [d1, d2] = [await log.outcome(t1), await log.outcome(t2)];
    expect([d1.payload.version, d2.payload.version]).toEqual([2, 3]);
    const started2 = log.events.findIndex((e) => e.name === 'turn:started' && e.payload.turnId === t2);
    expect(log.events.indexOf(d1)).toBeLessThan(started2);
    expect(log.of(t2).find((e) => e.name === 'turn:started')!.payload.baseVersion).toBe(2);
    // The second turn saw the first one's file.
    expect(JSON.stringify((await requestsOf(second.id))[0].body)).toContain('Badge.tsx');
    const chat = (await client.get(`/api/projects/${projectId}/messages`)).body;
    expect(chat.map((m: { role: string; turnId: string }) => `${m.role}:${m.turnId === t1 ? 1 : 2}`)).toEqual(['user:1', 'user:2', 'assistant:1', 'assistant:2']);
  });

  it("never shows one user's turn events to another", async () => {
    const a = await setup('turn-iso-a');
    const b = await setup('turn-iso-b');
    const sa = await script({ reply: reply('For A.', { 'src/components/Badge.tsx': BADGE }) });
    const sb = await script({ reply: reply('For B.', { 'src/components/Hero.tsx': HERO }) });
    const [ta, tb] = await Promise.all([send(a.socket, a.projectId, `A ${sa.marker}`), send(b.socket, b.projectId, `B ${sb.marker}`)]);
    await Promise.all([a.log.outcome(ta), b.log.outcome(tb)]);
    await new Promise((r) => setTimeout(r, 200));
    expect(a.log.events.every((e) => e.payload.projectId === a.projectId && e.payload.turnId === ta)).toBe(true);
    expect(b.log.events.every((e) => e.payload.projectId === b.projectId && e.payload.turnId === tb)).toBe(true);
    // Another user cannot send to, read or cancel someone else's project or turn.
    expect((await emitWithAck(b.socket, 'chat:send', { projectId: a.projectId, message: 'hi' })).error.code).toBe('PROJECT_NOT_FOUND');
    expect((await b.client.get(`/api/turns/${ta}`)).status).toBe(404);
    expect((await b.client.post(`/api/turns/${ta}/cancel`)).body.error.code).toBe('TURN_NOT_FOUND');
    expect((await b.client.get(`/api/projects/${a.projectId}/messages`)).status).toBe(404);
  });

  it('replays every missed event, once, to a client that reconnects with afterSeq', async () => {
    const user = await signUp('turn-replay');
    const projectId = (await user.client.post('/api/projects', { name: 'Replay' })).body.id;
    const first = await connectSocket(user.accessToken);
    const firstLog = new EventLog(first);
    await emitWithAck(first, 'project:join', { projectId });
    const s = await script({ ...slow({ 'src/components/Hero.tsx': HERO, 'src/components/Badge.tsx': BADGE }), chunkDelayMs: 15 });
    const turnId = await send(first, projectId, `Replay ${s.marker}`);
    await firstLog.waitFor((e) => e.name === 'chat:delta');
    first.close();
    const lastSeen = Math.max(...firstLog.events.map((e) => e.payload.seq));

    // Reconnect while the turn is still streaming: the replay and the live events must join without a gap.
    const second = await connectSocket(user.accessToken);
    sockets.push(second);
    const secondLog = new EventLog(second);
    const joined = await emitWithAck(second, 'project:join', { projectId, afterSeq: lastSeen });
    expect(joined).toMatchObject({ ok: true, truncated: false });
    await secondLog.outcome(turnId);
    await new Promise((r) => setTimeout(r, 300));
    const seqs = secondLog.events.map((e) => e.payload.seq);
    const final = (await user.client.get(`/api/turns/${turnId}`)).body;
    expect(final.status).toBe('completed');
    expect(seqs).toEqual(seqs.map((_, i) => lastSeen + 1 + i));
    expect(secondLog.events.at(-1)!.name).toBe('turn:completed');
    // Together, the two connections saw the whole turn: every seq once.
    const all = [...firstLog.events, ...secondLog.events].map((e) => e.payload.seq);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort((x, y) => x - y)).toEqual(all.map((_, i) => all[0] + i));
  });
});

describe('turns over REST', () => {
  it('accepts a turn, lists the chat, refuses bad input and unknown models with stable codes', async () => {
    const { client, log, projectId } = await setup('turn-rest');
    const s = await script({ reply: reply('Over REST.', { 'src/components/Badge.tsx': BADGE }) });
    const accepted = await client.post(`/api/projects/${projectId}/turns`, { message: `Via REST ${s.marker}` });
    expect(accepted.status).toBe(202);
    expect((await log.outcome(accepted.body.turnId)).name).toBe('turn:completed');
    const turn = await eventually(async () => {
      const t = await client.get(`/api/turns/${accepted.body.turnId}`);
      return t.body.status === 'completed' ? t.body : undefined;
    });
    expect(turn).toMatchObject({ projectId, version: 2, changes: [{ action: 'write', path: 'src/components/Badge.tsx' }], usage: { provider: 'openai' } });

    expect((await client.post(`/api/projects/${projectId}/turns`, { message: '   ' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await client.post(`/api/projects/${projectId}/turns`, { message: 'x'.repeat(20_001) })).status).toBe(400);
    const unknown = await client.post(`/api/projects/${projectId}/turns`, { message: 'hi', model: 'openai:nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'MODEL_NOT_AVAILABLE', details: { available: ['openai:scripted-gpt', 'anthropic:scripted-claude'] } });
    expect((await client.get('/api/models')).body).toEqual([
      { id: 'openai:scripted-gpt', provider: 'openai', model: 'scripted-gpt', default: true },
      { id: 'anthropic:scripted-claude', provider: 'anthropic', model: 'scripted-claude', default: false },
    ]);
    expect((await client.get('/api/turns/not-a-uuid')).body.error.code).toBe('TURN_NOT_FOUND');
  });

  it('fails a turn the model cannot answer with a clear code, committing nothing', async () => {
    const { client, socket, log, projectId } = await setup('turn-llm-fail');
    const s = await script({ reply: 'unused', failures: Array.from({ length: 12 }, () => ({ kind: 'status' as const, status: 400 })) });
    const turnId = await send(socket, projectId, `Fail ${s.marker}`);
    const done = await log.outcome(turnId);
    expect(done.name).toBe('turn:failed');
    expect(done.payload.error.code).toBe('LLM_REQUEST_REFUSED');
    expect((await client.get(`/api/projects/${projectId}`)).body.headVersion).toBe(1);
  });

  it('caps the turns one user has waiting, answering RATE_LIMITED with when to retry', async () => {
    const { client, socket, log, projectId } = await setup('turn-limits');
    const s = await script({ reply: reply('Slow.'), chunkChars: 2, chunkDelayMs: 50 });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await client.post(`/api/projects/${projectId}/turns`, { message: `Turn ${i} ${s.marker}` }));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].body.error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
    expect(limited[0].headers.get('retry-after')).toMatch(/^\d+$/);
    // Clean up: cancel what is queued so the project's queue does not hold the suite up.
    for (const a of answers.filter((x) => x.status === 202)) await client.post(`/api/turns/${a.body.turnId}/cancel`);
    void socket;
    void log;
  });
});

describe('a user edit during a turn', () => {
  it('is kept: a turn that changed the same file fails with VERSION_CONFLICT; one that did not lands on top of it', async () => {
    const { client, socket, log, projectId } = await setup('turn-conflict');
    const s1 = await script({ reply: reply('Hero.', { 'src/components/Hero.tsx': HERO }), chunkChars: 4, chunkDelayMs: 25 });
    const t1 = await send(socket, projectId, `Hero ${s1.marker}`);
    await log.waitFor((e) => e.name === 'chat:delta' && e.payload.turnId === t1);
    const mine = 'export default function Hero() { return <h1>Mine</h1>; }\n';
    expect((await client.request('PUT', `/api/projects/${projectId}/files/raw?path=src/components/Hero.tsx`, mine, { 'content-type': 'application/octet-stream' })).status).toBe(200);
    const d1 = await log.outcome(t1);
    expect(d1.name).toBe('turn:failed');
    expect(d1.payload.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { paths: ['src/components/Hero.tsx'] } });
    expect(await fileText(client, projectId, 'src/components/Hero.tsx')).toBe(mine);

    const s2 = await script({ reply: reply('Badge.', { 'src/components/Badge.tsx': BADGE }), chunkChars: 4, chunkDelayMs: 25 });
    const t2 = await send(socket, projectId, `Badge ${s2.marker}`);
    await log.waitFor((e) => e.name === 'chat:delta' && e.payload.turnId === t2);
    await client.request('PUT', `/api/projects/${projectId}/files/raw?path=README.md`, '# mine\n', { 'content-type': 'application/octet-stream' });
    const d2 = await log.outcome(t2);
    expect(d2.name).toBe('turn:completed');
    expect(d2.payload.version).toBe(4);
    expect(await fileText(client, projectId, 'README.md')).toBe('# mine\n');
    expect(await fileText(client, projectId, 'src/components/Badge.tsx')).toBe(`${BADGE}\n`);
  });
});

describe('worker metrics', () => {
  it('exposes turn latency by stage, queue depth and refusals by code', async () => {
    const { socket, log, projectId } = await setup('turn-metrics');
    const s = await script({
      reply: reply('One good, one broken.', { 'src/components/Badge.tsx': BADGE, 'src/components/X.tsx': 'export const X = () => <div>;' }),
      then: [{ reply: reply('No fix.') }],
    });
    await log.outcome(await send(socket, projectId, `Metrics ${s.marker}`));
    const metrics = await fetch(`http://127.0.0.1:${process.env.WORKER_METRICS_PORT}/metrics`, { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } });
    const text = await metrics.text();
    expect(text).toMatch(/studio_turn_stage_seconds_count\{stage="llm"\} [1-9]/);
    expect(text).toMatch(/studio_turn_stage_seconds_count\{stage="commit"\} [1-9]/);
    expect(text).toMatch(/studio_turn_refusals_total\{code="SYNTAX_ERROR"\} [1-9]/);
    expect(text).toMatch(/studio_turn_queue_depth\{state="wait"\} \d+/);
    expect(text).toMatch(/studio_turn_seconds_count\{outcome="completed"\} [1-9]/);
  });
});
