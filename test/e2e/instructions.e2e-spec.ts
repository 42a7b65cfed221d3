import { join } from 'node:path';
import { jest } from '@jest/globals';
import { INSTRUCTIONS_MAX_CHARS, INSTRUCTIONS_PATH } from '@studio/contracts';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { launchBrowser, SCREENSHOTS } from '../templates/support/browser.js';
import { API_URL, type Client, connectSocket, emitWithAck, eventually, signUp, strongPassword, uniqueEmail } from './support/api.js';
import { EventLog, reply, requestsOf, script, send } from './support/turns.js';

/**
 * Issue 20, project instructions: a person's standing instructions live in the project file
 * `.studio/instructions.md`, written through `PUT /api/projects/:id/instructions` as a version of their own;
 * every turn's request to the model carries them (counted on their own line of the context report, the
 * turn's audit), the model cannot change them, and a restore brings earlier ones back.
 */
jest.setTimeout(120_000);

const sockets: Socket[] = [];
let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await db?.end();
});

const put = (client: Client, projectId: string, body: unknown) => client.request('PUT', `/api/projects/${projectId}/instructions`, body);

async function project(tag: string) {
  const user = await signUp(tag);
  const created = await user.client.post('/api/projects', { name: tag });
  expect(created.status).toBe(201);
  return { user, projectId: created.body.id as string };
}

/** The `context` row of a turn's audit: written off the turn's path, so it is waited for. */
const contextAudit = (turnId: string) =>
  eventually(
    async () => {
      const rows = await db.query<{ data: { tokens: Record<string, number> } }>("SELECT data FROM turn_events WHERE turn_id = $1 AND kind = 'context'", [turnId]);
      return rows.rows[0]?.data;
    },
    15_000,
    `the context audit of turn ${turnId}`,
  );

const BRITISH = 'Write in British English: colour, favourite, organise.\nAlways keep the pricing section.\n';

describe('project instructions', () => {
  it('are a version of their own, read at any version, unchanged text makes none, and blank text removes them', async () => {
    const { user, projectId } = await project('instr-api');
    const base = `/api/projects/${projectId}`;
    expect((await user.client.get(`${base}/instructions`)).body).toEqual({ text: '', version: 1 });

    const saved = await put(user.client, projectId, { text: BRITISH, baseVersion: 1 });
    expect({ status: saved.status, body: saved.body }).toEqual({ status: 200, body: { version: 2 } });
    const versions = (await user.client.get(`${base}/versions`)).body;
    expect(versions[0]).toMatchObject({ number: 2, source: 'user', message: "Changed the project's instructions", changes: [{ action: 'write', path: INSTRUCTIONS_PATH }] });
    const diff = (await user.client.get(`${base}/versions/2/diff`)).body;
    expect(diff.map((d: { action: string; path: string }) => [d.action, d.path])).toEqual([['write', INSTRUCTIONS_PATH]]);
    // A file of the project like any other: listed and downloadable, so it is exported with it.
    const raw = await user.client.request('GET', `${base}/files/raw?path=${encodeURIComponent(INSTRUCTIONS_PATH)}`);
    expect(raw.body).toBe(BRITISH);

    expect((await user.client.get(`${base}/instructions`)).body).toEqual({ text: BRITISH, version: 2 });
    expect((await user.client.get(`${base}/instructions?version=1`)).body).toEqual({ text: '', version: 1 });
    expect((await user.client.get(`${base}/instructions?version=2`)).body).toEqual({ text: BRITISH, version: 2 });
    expect((await user.client.get(`${base}/instructions?version=99`)).body.error.code).toBe('VERSION_NOT_FOUND');
    expect((await user.client.get(`${base}/instructions?version=abc`)).status).toBe(400);

    // The same text again: no new version, the head answered.
    expect((await put(user.client, projectId, { text: BRITISH })).body).toEqual({ version: 2 });
    // A stale base: compare-and-swap, nothing written.
    const stale = await put(user.client, projectId, { text: 'American English.', baseVersion: 1 });
    expect({ status: stale.status, code: stale.body.error?.code }).toEqual({ status: 409, code: 'VERSION_CONFLICT' });
    expect((await user.client.get(base)).body.headVersion).toBe(2);

    // Blank text removes the file.
    expect((await put(user.client, projectId, { text: '', baseVersion: 2 })).body).toEqual({ version: 3 });
    expect((await user.client.get(`${base}/versions`)).body[0].changes).toEqual([{ action: 'delete', path: INSTRUCTIONS_PATH }]);
    expect((await user.client.get(`${base}/instructions`)).body).toEqual({ text: '', version: 3 });
    expect((await put(user.client, projectId, { text: '' })).body).toEqual({ version: 3 });

    // Restoring version 2 brings them back.
    expect((await user.client.post(`${base}/versions/2/restore`)).body).toEqual({ version: 4 });
    expect((await user.client.get(`${base}/instructions`)).body).toEqual({ text: BRITISH, version: 4 });
  });

  it('refuse NUL, over-long text and bad bodies with 400, and another user’s project with 404', async () => {
    const { user, projectId } = await project('instr-refusals');
    const refused: [unknown, string][] = [
      [{ text: 'a\u0000b' }, 'text'],
      [{ text: 'x'.repeat(INSTRUCTIONS_MAX_CHARS + 1) }, 'text'],
      [{ text: 'ok', baseVersion: 0 }, 'baseVersion'],
      [{ text: 'ok', baseVersion: '1' }, 'baseVersion'],
      [{}, 'text'],
    ];
    for (const [body, field] of refused) {
      const res = await put(user.client, projectId, body);
      expect({ status: res.status, code: res.body.error?.code, fields: Object.keys(res.body.error?.details?.fields ?? {}) }).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: [field] });
    }
    // Exactly the limit is accepted.
    expect((await put(user.client, projectId, { text: 'x'.repeat(INSTRUCTIONS_MAX_CHARS) })).body).toEqual({ version: 2 });

    const other = await signUp('instr-other');
    expect((await other.client.get(`/api/projects/${projectId}/instructions`)).status).toBe(404);
    const theirs = await put(other.client, projectId, { text: 'Mine now.' });
    expect({ status: theirs.status, code: theirs.body.error?.code }).toEqual({ status: 404, code: 'PROJECT_NOT_FOUND' });
    expect((await user.client.get(`/api/projects/${projectId}/instructions`)).body.text).toBe('x'.repeat(INSTRUCTIONS_MAX_CHARS));
  });

  it("go with every turn's request (the repair too), counted in the context report; the model cannot change them", async () => {
    const { user, projectId } = await project('instr-turn');
    const socket = await connectSocket(user.accessToken);
    sockets.push(socket);
    const log = new EventLog(socket);
    expect(await emitWithAck(socket, 'project:join', { projectId })).toMatchObject({ ok: true });
    expect((await put(user.client, projectId, { text: BRITISH })).body).toEqual({ version: 2 });

    // The reply rewrites the instructions and breaks a file (so one repair round runs), and writes one good file.
    const s = await script({
      reply: reply('Done.', {
        [INSTRUCTIONS_PATH]: 'Write in American English. Drop the pricing section.',
        'src/components/Badge.tsx': 'export function Badge() { return <span>; }',
        'src/components/Note.tsx': 'export function Note() {\n  return <p className="note">Favourite colours, organised.</p>;\n}',
      }),
      then: [{ reply: reply('Still broken.') }],
    });
    const turnId = await send(socket, projectId, `Add a note ${s.marker}`);
    const done = await log.outcome(turnId, 60_000);
    expect(done.name).toBe('turn:completed');
    const refused = Object.fromEntries(done.payload.refused.map((r: { path: string; code: string }) => [r.path, r.code]));
    expect(refused).toMatchObject({ [INSTRUCTIONS_PATH]: 'PROTECTED_FILE', 'src/components/Badge.tsx': 'SYNTAX_ERROR' });
    expect(done.payload.changes).toEqual([{ action: 'write', path: 'src/components/Note.tsx' }]);
    expect((await user.client.get(`/api/projects/${projectId}/instructions`)).body).toEqual({ text: BRITISH, version: 3 });

    // What the model received: the instructions in their block, in the first request and in the repair's.
    const calls = await requestsOf(s.id);
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      const sent = JSON.stringify(call.body);
      expect(sent).toContain("The person's standing instructions for this project");
      expect(sent).toContain(JSON.stringify(BRITISH.trim()).slice(1, -1));
    }
    // ...and not as a file of code: the first request lists the project's files without it.
    const first = JSON.stringify(calls[0].body);
    expect(first).toContain('src/App.tsx');
    expect(first).not.toContain(INSTRUCTIONS_PATH);

    const audit = await contextAudit(turnId);
    expect(audit.tokens.instructions).toBeGreaterThan(10);
    expect(audit.tokens.total).toBeGreaterThan(audit.tokens.static + audit.tokens.instructions);
  });

  it('add nothing to a turn of a project without them', async () => {
    const { user, projectId } = await project('instr-none');
    const socket = await connectSocket(user.accessToken);
    sockets.push(socket);
    const log = new EventLog(socket);
    expect(await emitWithAck(socket, 'project:join', { projectId })).toMatchObject({ ok: true });
    const s = await script({ reply: reply('Nothing to change.') });
    const turnId = await send(socket, projectId, `Hello ${s.marker}`);
    expect((await log.outcome(turnId)).name).toBe('turn:completed');
    const [call] = await requestsOf(s.id);
    expect(JSON.stringify(call.body)).not.toContain('standing instructions');
    expect((await contextAudit(turnId)).tokens.instructions).toBe(0);
  });
});

describe('the instructions panel in the web client', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it('counts, saves a version, saves quietly over a head that moved elsewhere, and keeps the draft over a real conflict', async () => {
    browser = await launchBrowser();
    // The client shows the app (not the sign-in form) for the person it remembers; the session is the cookies below.
    const email = uniqueEmail('instr-web');
    const remembered = { origin: new URL(API_URL).origin, localStorage: [{ name: 'studio.user', value: JSON.stringify({ email }) }] };
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US', storageState: { cookies: [], origins: [remembered] } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `instructions-${name}.png`) });

    // A cookie session in the browser's context (its request API shares the cookies), and a project.
    const headers = { 'x-studio-session': 'cookie' };
    const req = context.request;
    expect((await req.post(`${API_URL}/api/auth/register`, { headers, data: { email, password: strongPassword() } })).status()).toBe(201);
    const projectId = (await (await req.post(`${API_URL}/api/projects`, { headers, data: { name: 'Instructions' } })).json()).id as string;
    const instructions = async () => (await (await req.get(`${API_URL}/api/projects/${projectId}/instructions`)).json()) as { text: string; version: number };
    const putOutside = async (text: string, baseVersion: number) => (await req.put(`${API_URL}/api/projects/${projectId}/instructions`, { headers, data: { text, baseVersion } })).json();

    await page.goto(`${API_URL}/#/p/${projectId}?tab=instructions`);
    const box = page.getByRole('textbox', { name: 'Project instructions' });
    await box.waitFor();
    await eventually(async () => ((await box.isEnabled()) ? true : undefined), 15_000, 'the instructions to load');
    const save = page.locator('.instructions-panel button[type=submit]');
    expect(await save.isDisabled()).toBe(true);

    await box.fill(BRITISH);
    expect(await page.locator('.instructions-count').textContent()).toBe(`${BRITISH.length} / 8,000 characters`);
    await shot('1-draft');
    await save.click();
    await page.getByText('Saved as version 2.').waitFor();
    expect(await instructions()).toEqual({ text: BRITISH, version: 2 });

    // Another file changes while the person writes: saved on the new head without asking (the instructions did not change).
    const more = `${BRITISH}Use sentence case in headings.\n`;
    await box.fill(more);
    const raw = await req.put(`${API_URL}/api/projects/${projectId}/files/raw?path=src/extra.ts&baseVersion=2`, {
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      data: Buffer.from('export const extra = 1;\n'),
    });
    expect(raw.status()).toBe(200);
    await save.click();
    await page.getByText('Saved as version 4.').waitFor();
    expect(await instructions()).toEqual({ text: more, version: 4 });

    // The instructions themselves change meanwhile: the conflict is shown beside the draft, which stays.
    const mine = `${more}Never say “revolutionary”.\n`;
    await box.fill(mine);
    expect(await putOutside('American English, please.', 4)).toEqual({ version: 5 });
    await save.click();
    const conflict = page.locator('.instructions-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('changed in version 5');
    expect(await page.locator('.instructions-theirs').textContent()).toBe('American English, please.');
    expect(await box.inputValue()).toBe(mine);
    await shot('2-conflict');
    expect(await instructions()).toEqual({ text: 'American English, please.', version: 5 });

    // "Save mine" saves the draft on top of what was shown.
    await page.getByRole('button', { name: 'Save mine' }).click();
    await page.getByText('Saved as version 6.').waitFor();
    expect(await instructions()).toEqual({ text: mine, version: 6 });
    expect(await conflict.count()).toBe(0);
    await shot('3-saved');
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
