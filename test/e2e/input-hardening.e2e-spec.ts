import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { MAX_MESSAGE_CHARS } from '@studio/contracts';
import { MAX_NAME_BYTES } from '@studio/files';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { nastyString } from '../../libs/contracts/src/testing/nasty-strings.js';
import { API_URL, Client, connectSocket, emitWithAck, type SignedUp, signUp, strongPassword, uniqueEmail } from './support/api.js';
import { AppProcess, freePort, waitForHealth } from './support/apps.js';
import { previewRequest, signInToPreview, startPreview } from './support/previews.js';
import { EventLog } from './support/turns.js';

/**
 * Issue 16, "no input reaches a 500" and the smaller input findings: NUL and unpaired surrogates are refused
 * by the contract's schemas (400 VALIDATION_FAILED naming the field), random strings and random JSON thrown at
 * every REST route that takes a body and at every socket event never give a 5xx, a refused turn request
 * never spends a rate-limit token, file names fit what the preview agent can write, and an export's version
 * is a number, not anything that coerces to one.
 */
jest.setTimeout(180_000);

const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.close()));

async function putRaw(token: string, projectId: string, path: string, body: Buffer) {
  const res = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as { error?: { code: string }; version?: number } };
}

describe('characters Postgres cannot store', () => {
  it('are refused with 400 VALIDATION_FAILED naming the field, over REST and the socket', async () => {
    const user = await signUp('nul');
    const project = (await user.client.post('/api/projects', { name: 'NUL' })).body;
    const refused: [string, string, unknown, string][] = [
      ['POST', '/api/projects', { name: 'a\u0000b' }, 'name'],
      ['POST', '/api/projects', { name: 'lone \ud800 surrogate' }, 'name'],
      ['PATCH', `/api/projects/${project.id}`, { name: '\u0000' }, 'name'],
      ['POST', `/api/projects/${project.id}/turns`, { message: 'make it \u0000 darker' }, 'message'],
      ['POST', '/api/api-keys', { name: 'ci\u0000' }, 'name'],
      ['POST', '/api/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['turn.completed'], secret: `${'s'.repeat(20)}\u0000` }, 'secret'],
      ['POST', '/api/webhooks', { url: 'http://127.0.0.1:9/hook\u0000', events: ['turn.completed'] }, 'url'],
    ];
    for (const [method, path, body, field] of refused) {
      const res = await user.client.request(method, path, body);
      expect({ method, path, status: res.status, code: res.body?.error?.code, field: Object.keys(res.body?.error?.details?.fields ?? {}) }).toEqual({
        method,
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
        field: [field],
      });
    }
    const socket = await connectSocket(user.accessToken);
    sockets.push(socket);
    const ack = await emitWithAck(socket, 'chat:send', { projectId: project.id, message: 'hi\u0000' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    // Nothing was stored on the way.
    expect((await user.client.get(`/api/projects/${project.id}/messages`)).body).toEqual([]);
  });
});

describe('an export’s version', () => {
  it('is a whole number: true, "1" or [1] are 400, not version 1', async () => {
    const user = await signUp('export-version');
    const project = (await user.client.post('/api/projects', { name: 'Versions' })).body;
    for (const version of [true, '1', [1], 1.5]) {
      const res = await user.client.post(`/api/projects/${project.id}/exports`, { kind: 'source', version });
      expect({ version, status: res.status, code: res.body?.error?.code }).toEqual({ version, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await user.client.post(`/api/projects/${project.id}/exports`, { kind: 'source', version: 1 })).status).toBe(202);
  });
});

describe('file names and the preview agent', () => {
  it(`refuses a name past ${MAX_NAME_BYTES} bytes; a running preview writes and serves one of exactly that length`, async () => {
    const user = await signUp('long-name');
    const project = (await user.client.post('/api/projects', { name: 'Long names' })).body;
    const socket = await connectSocket(user.accessToken);
    sockets.push(socket);
    const log = new EventLog(socket);
    await emitWithAck(socket, 'project:join', { projectId: project.id });
    const url = await startPreview(user.client, project.id, log);
    const { cookie, origin } = await signInToPreview(url);

    // The 252-character name of the issue, and one byte past the limit.
    for (const path of [`src/${'a'.repeat(248)}.ts`, `src/${'b'.repeat(MAX_NAME_BYTES - 3)}.txt`]) {
      const res = await putRaw(user.accessToken, project.id, path, Buffer.from('x'));
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'PATH_TOO_LONG' });
    }
    // Exactly the limit: written by the agent (its temporary name adds 13 bytes, still under 255) and served.
    const name = `${'c'.repeat(MAX_NAME_BYTES - 4)}.txt`;
    const written = await putRaw(user.accessToken, project.id, `src/${name}`, Buffer.from('the longest name'));
    expect(written).toEqual({ status: 200, body: { version: 2 } });
    await log.waitFor((e) => e.name === 'preview:updated' && e.payload.version === 2, 30_000, 'the preview to serve version 2');
    const served = await previewRequest(`${origin}/src/${name}`, { cookie });
    expect({ status: served.status, body: served.body }).toEqual({ status: 200, body: 'the longest name' });
    const status = (await user.client.get(`/api/projects/${project.id}/preview`)).body;
    expect(status).toMatchObject({ status: 'ready', version: 2 });
  });
});

/**
 * Every REST route that changes something (each POST, PUT and PATCH the API documents at /docs/json) with
 * its valid body: each string field is replaced by random strings, and the whole body by random JSON.
 */
interface Ctx {
  user: SignedUp;
  projectId: string;
  /** A model the stack offers (GET /api/models), so a turn's `model` passes and its other fields are what is tried. */
  model?: string;
}
interface Route {
  /** A valid body; undefined for routes that take none (they still get random JSON). */
  valid?: (ctx: Ctx) => Record<string, unknown>;
  /** The path, for routes with parameters. */
  path?: (ctx: Ctx) => string;
  /** Called without a token (sign-up and sign-in), each time from a new address so the sign-in limits do not answer first. */
  anonymous?: boolean;
  /** Its own user each time (logout ends the session it is called with). */
  ownUser?: boolean;
  /** A query parameter that carries input (it gets the random strings too). */
  query?: string;
}

/** Percent-encodes the UTF-8 bytes of any string (encodeURIComponent throws on an unpaired surrogate). */
const percentEncode = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const ROUTES: Record<string, Route> = {
  'POST /api/auth/register': { anonymous: true, valid: () => ({ email: uniqueEmail('fuzz'), password: strongPassword() }) },
  'POST /api/auth/login': { anonymous: true, valid: () => ({ email: uniqueEmail('fuzz'), password: strongPassword() }) },
  'POST /api/auth/refresh': { anonymous: true, valid: () => ({ refreshToken: 'r'.repeat(43) }) },
  'POST /api/auth/logout': { ownUser: true },
  'POST /api/api-keys': { valid: () => ({ name: 'fuzz' }) },
  'PUT /api/provider-keys/{provider}': {
    path: () => '/api/provider-keys/openai-compatible',
    valid: () => ({ apiKey: 'sk-fuzz-key-1234', baseUrl: 'http://127.0.0.1:9/v1', model: 'fuzz-model', label: 'Fuzz' }),
  },
  'POST /api/projects': { valid: () => ({ name: 'Fuzz', templateId: 'blank' }) },
  'PATCH /api/projects/{id}': { path: (c) => `/api/projects/${c.projectId}`, valid: () => ({ name: 'Fuzz' }) },
  'POST /api/projects/{id}/turns': { path: (c) => `/api/projects/${c.projectId}/turns`, valid: (c) => ({ message: 'Make it darker', ...(c.model ? { model: c.model } : {}) }) },
  'POST /api/projects/{id}/exports': { path: (c) => `/api/projects/${c.projectId}/exports`, valid: () => ({ kind: 'source', version: 1 }) },
  'POST /api/projects/{id}/preview': { path: (c) => `/api/projects/${c.projectId}/preview` },
  'POST /api/projects/{id}/versions/{n}/restore': { path: (c) => `/api/projects/${c.projectId}/versions/1/restore` },
  'PATCH /api/projects/{id}/versions/{n}': { path: (c) => `/api/projects/${c.projectId}/versions/1`, valid: () => ({ name: 'Before the redesign' }) },
  'PUT /api/projects/{id}/files/raw': { path: (c) => `/api/projects/${c.projectId}/files/raw?path=src/fuzz.ts`, query: 'path' },
  'PUT /api/projects/{id}/instructions': { path: (c) => `/api/projects/${c.projectId}/instructions`, valid: () => ({ text: 'Write in British English.' }) },
  'POST /api/projects/{id}/edits': {
    path: (c) => `/api/projects/${c.projectId}/edits`,
    valid: () => ({ baseVersion: 1, location: { path: 'src/App.tsx', line: 1, column: 1 }, owners: [], target: { kind: 'text' }, before: 'Hello', after: 'Hi' }),
  },
  'POST /api/turns/{turnId}/cancel': { path: () => `/api/turns/${randomUUID()}/cancel` },
  'POST /api/webhooks': { valid: () => ({ url: 'http://127.0.0.1:9/hook', events: ['turn.completed'], secret: 's'.repeat(32) }) },
  'POST /api/projects/{id}/uploads': {
    path: (c) => `/api/projects/${c.projectId}/uploads`,
    valid: () => ({ fileName: 'Logo Final.png', contentType: 'image/png', size: 1000, purpose: 'asset', alt: 'The logo' }),
  },
  'POST /api/projects/{id}/uploads/{uploadId}/complete': { path: (c) => `/api/projects/${c.projectId}/uploads/${randomUUID()}/complete` },
  'PATCH /api/projects/{id}/assets': { path: (c) => `/api/projects/${c.projectId}/assets`, valid: () => ({ path: 'public/assets/logo.png', alt: 'The logo' }) },
  'PUT /api/projects/{id}/site': {
    path: (c) => `/api/projects/${c.projectId}/site`,
    valid: (c) => ({ slug: `fuzz-${c.projectId.slice(0, 8)}`, title: 'Fuzz', description: 'A fuzzed page', noindex: false }),
  },
  'POST /api/projects/{id}/deployments': { path: (c) => `/api/projects/${c.projectId}/deployments`, valid: () => ({ version: 1 }) },
  'POST /api/projects/{id}/site/rollback': { path: (c) => `/api/projects/${c.projectId}/site/rollback`, valid: () => ({ deploymentId: randomUUID() }) },
  'POST /api/projects/{id}/site/unpublish': { path: (c) => `/api/projects/${c.projectId}/site/unpublish` },
  'POST /api/projects/{id}/site/domains': { path: (c) => `/api/projects/${c.projectId}/site/domains`, valid: () => ({ domain: 'www.example.com' }) },
  'POST /api/projects/{id}/site/domains/{domainId}/verify': { path: (c) => `/api/projects/${c.projectId}/site/domains/${randomUUID()}/verify` },
  'PUT /api/projects/{id}/site/target': {
    path: (c) => `/api/projects/${c.projectId}/site/target`,
    valid: () => ({ kind: 's3', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'fuzz-bucket', prefix: 'www/', accessKeyId: 'AKIAFUZZ', secretAccessKey: 'fuzz-secret' }),
  },
  // Admin routes answer a person who is not an admin 403 before the body is read: the fuzzing shows no input gets past that to a 5xx.
  'POST /api/admin/users/{id}/disable': { path: () => `/api/admin/users/${randomUUID()}/disable` },
  'POST /api/admin/users/{id}/enable': { path: () => `/api/admin/users/${randomUUID()}/enable` },
  'PUT /api/admin/users/{id}/budget': { path: () => `/api/admin/users/${randomUUID()}/budget`, valid: () => ({ monthlyUsd: 25 }) },
  'PUT /api/admin/users/{id}/role': { path: () => `/api/admin/users/${randomUUID()}/role`, valid: () => ({ role: 'admin' }) },
  'POST /api/admin/queues/{name}/jobs/{id}/retry': { path: () => '/api/admin/queues/webhooks/jobs/1/retry' },
};

const RUNS = 10;

describe('random input never reaches a 5xx', () => {
  let ctx: Ctx;
  const fiveHundreds: string[] = [];
  beforeAll(async () => {
    const user = await signUp('fuzz');
    const models = (await user.client.get('/api/models')).body as { id: string }[];
    ctx = { user, projectId: (await user.client.post('/api/projects', { name: 'Fuzz' })).body.id, model: models[0]?.id };
  });
  beforeEach(() => {
    fiveHundreds.length = 0;
  });

  // Outcomes are collected, not asserted inside the property: a failing request is reported whole, not shrunk over the network.
  const call = async (name: string, route: Route, body: unknown, path = route.path?.(ctx) ?? name.split(' ')[1]) => {
    const method = name.split(' ')[0];
    const client = route.anonymous ? new Client() : route.ownUser ? (await signUp('fuzz-own')).client : ctx.user.client;
    const res = await client.request(method, path, JSON.stringify(body));
    if (res.status >= 500) fiveHundreds.push(`${name} ${path.slice(0, 200)} ${JSON.stringify(body).slice(0, 200)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  };

  it('covers every documented POST, PUT and PATCH route', async () => {
    const doc = (await (await fetch(`${API_URL}/docs/json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it.each(Object.entries(ROUTES))('%s: random strings in each field, random JSON as the body', async (name, route) => {
    const fields = route.valid ? Object.keys(route.valid(ctx)).filter((k) => typeof route.valid!(ctx)[k] === 'string') : [];
    for (const field of fields) {
      await fc.assert(
        fc.asyncProperty(nastyString, (value) => call(name, route, { ...route.valid!(ctx), [field]: value })),
        { numRuns: RUNS },
      );
    }
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), (body) => call(name, route, body)),
      { numRuns: RUNS },
    );
    if (route.query) {
      const base = route.path!(ctx);
      const at = new RegExp(`([?&]${route.query}=)[^&]*`);
      await fc.assert(
        fc.asyncProperty(nastyString, (value) => call(name, route, {}, base.replace(at, `$1${percentEncode(value)}`))),
        { numRuns: RUNS },
      );
    }
    expect(fiveHundreds).toEqual([]);
  });

  it('socket events: random strings and random payloads never answer INTERNAL', async () => {
    const socket = await connectSocket(ctx.user.accessToken);
    sockets.push(socket);
    const internal: string[] = [];
    const emit = async (event: string, payload: unknown) => {
      const ack = await emitWithAck(socket, event, payload);
      if (ack?.error?.code === 'INTERNAL' || ack === undefined) internal.push(`${event} ${JSON.stringify(payload).slice(0, 200)}`);
    };
    await fc.assert(
      fc.asyncProperty(nastyString, async (value) => {
        await emit('chat:send', { projectId: ctx.projectId, message: value });
        await emit('chat:send', { projectId: value, message: 'hi' });
        await emit('chat:send', { projectId: ctx.projectId, message: 'hi', model: value });
        await emit('chat:send', { projectId: ctx.projectId, message: 'hi', attachments: [{ uploadId: value, use: 'asset' }] });
        await emit('project:join', { projectId: value });
        await emit('chat:cancel', { turnId: value });
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('chat:send', 'project:join', 'project:leave', 'chat:cancel'), fc.jsonValue(), async (event, payload) => emit(event, payload)),
      { numRuns: RUNS },
    );
    expect(internal).toEqual([]);
  });

  it('the worker still serves everyone while those messages run as turns (a 20k-letter run once held its event loop for minutes)', async () => {
    const hostile = await signUp('hostile');
    const theirs = await hostile.client.post('/api/projects', { name: 'Hostile' });
    const socket = await connectSocket(hostile.accessToken);
    sockets.push(socket);
    for (const message of ['x'.repeat(MAX_MESSAGE_CHARS), `a${' '.repeat(MAX_MESSAGE_CHARS - 2)}b`]) {
      expect(await emitWithAck(socket, 'chat:send', { projectId: theirs.body.id, message })).toMatchObject({ ok: true });
    }
    const other = await signUp('bystander');
    const project = await other.client.post('/api/projects', { name: 'Bystander' });
    const otherSocket = await connectSocket(other.accessToken);
    sockets.push(otherSocket);
    const log = new EventLog(otherSocket);
    await emitWithAck(otherSocket, 'project:join', { projectId: project.body.id });
    // Unsliced, the two messages above held the worker's event loop for about 50 s each (BPE is quadratic).
    await startPreview(other.client, project.body.id, log, 60_000);
  });
});

describe('a refused turn request spends no rate-limit token', () => {
  const CAPACITY = 3;
  let api: AppProcess;
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // Its own queue prefix: no worker runs these turns, so the one accepted stays queued (the bucket is what is under test).
    api = new AppProcess('api', { PORT: String(port), TURNS_PER_MINUTE: String(CAPACITY), QUEUE_PREFIX: `bucket-${randomUUID().slice(0, 8)}` });
    await waitForHealth(url);
  });
  afterAll(() => api?.stop());

  it(`after ${CAPACITY + 1} refused sends of each kind, over REST and the socket, a valid one is still accepted`, async () => {
    const owner = await signUp('bucket', url);
    const stranger = await signUp('bucket-stranger', url);
    const own = (await owner.client.post('/api/projects', { name: 'Mine' })).body.id as string;
    const theirs = (await stranger.client.post('/api/projects', { name: 'Theirs' })).body.id as string;
    const socket = await connectSocket(owner.accessToken, url);
    sockets.push(socket);

    for (let i = 0; i <= CAPACITY; i++) {
      expect((await owner.client.post(`/api/projects/${theirs}/turns`, { message: 'not yours' })).body.error.code).toBe('PROJECT_NOT_FOUND');
      expect((await owner.client.post(`/api/projects/${randomUUID()}/turns`, { message: 'no such project' })).body.error.code).toBe('PROJECT_NOT_FOUND');
      expect((await owner.client.post(`/api/projects/${own}/turns`, { message: '' })).body.error.code).toBe('VALIDATION_FAILED');
      expect((await owner.client.post(`/api/projects/${own}/turns`, { message: 'hi', model: 'no:such-model' })).body.error.code).toBe('MODEL_NOT_AVAILABLE');
      expect((await emitWithAck(socket, 'chat:send', { projectId: theirs, message: 'not yours' })).error.code).toBe('PROJECT_NOT_FOUND');
      expect((await emitWithAck(socket, 'chat:send', { projectId: own, message: 'hi\u0000' })).error.code).toBe('VALIDATION_FAILED');
    }
    const accepted = await owner.client.post(`/api/projects/${own}/turns`, { message: 'Make it darker' });
    expect({ status: accepted.status, body: accepted.body }).toEqual({ status: 202, body: { turnId: expect.any(String) } });
    expect(await emitWithAck(socket, 'chat:send', { projectId: own, message: 'And bolder' })).toMatchObject({ ok: true, turnId: expect.any(String) });
  });
});
