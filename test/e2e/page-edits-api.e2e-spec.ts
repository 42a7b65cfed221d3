import { jest } from '@jest/globals';
import type { PageEditBody, SourceLocation } from '@studio/contracts';
import type { Socket } from 'socket.io-client';
import { locate } from '../../libs/page-edits/src/testing/located.js';
import { API_URL, type Client, connectSocket, emitWithAck, signUp } from './support/api.js';
import { EventLog, reply, script, send } from './support/turns.js';

/**
 * Edits on the page over REST (docs/API.md "Edits on the page"), against the running API and worker: a landing
 * project, locations computed from its real source the way the preview marks them.
 */
jest.setTimeout(90_000);

const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.close()));

async function text(token: string, projectId: string, path: string, version?: number): Promise<string> {
  const res = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}${version ? `&version=${version}` : ''}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return res.text();
}

async function landing(tag: string) {
  const user = await signUp(tag);
  const project = (await user.client.post('/api/projects', { name: tag, templateId: 'landing' })).body;
  const app = await text(user.accessToken, project.id, 'src/App.tsx', 1);
  const hero = await text(user.accessToken, project.id, 'src/components/Hero.tsx', 1);
  const pricing = await text(user.accessToken, project.id, 'src/components/Pricing.tsx', 1);
  return {
    user,
    client: user.client,
    projectId: project.id as string,
    app,
    pricing,
    heroOwner: locate('src/App.tsx', app, '<Hero'),
    h1: locate('src/components/Hero.tsx', hero, '<h1'),
    subtitle: locate('src/components/Hero.tsx', hero, '<p className="mx-auto mt-6'),
  };
}

const edit = (baseVersion: number, location: SourceLocation, before: string, after: string, owners: SourceLocation[] = []): PageEditBody => ({
  baseVersion,
  location,
  owners,
  target: { kind: 'text' },
  before,
  after,
});

const TITLE = 'Every answer about your product, in plain language.';
const SUBTITLE_START = 'Lumen connects to the tools you already use';

async function head(client: Client, projectId: string): Promise<number> {
  return (await client.get(`/api/projects/${projectId}`)).body.headVersion;
}

describe('POST /api/projects/:id/edits', () => {
  it('rewrites a hero title passed as a prop and a JSX text, each as a new user version differing only in that literal', async () => {
    const p = await landing('page-edit');
    const res = await p.client.post(`/api/projects/${p.projectId}/edits`, edit(1, p.h1, TITLE, 'Answers — about your product, 50 € a month', [p.heroOwner]));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ version: 2, path: 'src/App.tsx', line: p.app.slice(0, p.app.indexOf(TITLE)).split('\n').length });
    const v2 = await text(p.user.accessToken, p.projectId, 'src/App.tsx', 2);
    expect(v2).toBe(p.app.replace(`"${TITLE}"`, '"Answers — about your product, 50 € a month"'));

    const perMonth = locate('src/components/Pricing.tsx', p.pricing, '<span className="text-sm text-muted-foreground">');
    const jsxText = await p.client.post(`/api/projects/${p.projectId}/edits`, edit(2, perMonth, '/ month', 'per month & seat'));
    expect(jsxText.status).toBe(201);
    expect(jsxText.body).toMatchObject({ version: 3, path: 'src/components/Pricing.tsx' });
    expect(await text(p.user.accessToken, p.projectId, 'src/components/Pricing.tsx', 3)).toBe(p.pricing.replace('>/ month<', '>per month & seat<'));

    const versions = (await p.client.get(`/api/projects/${p.projectId}/versions`)).body;
    expect(versions.slice(0, 2).map((v: { number: number; source: string; message: string; changes: unknown }) => [v.number, v.source, v.message, v.changes])).toEqual([
      [3, 'user', 'Edited "per month & seat" on the page', [{ action: 'write', path: 'src/components/Pricing.tsx' }]],
      [2, 'user', 'Edited "Answers — about your product, 50 € a month" on the page', [{ action: 'write', path: 'src/App.tsx' }]],
    ]);
    const diff = (await p.client.get(`/api/projects/${p.projectId}/versions/2/diff`)).body;
    expect(diff.map((d: { path: string }) => d.path)).toEqual(['src/App.tsx']);
    expect(diff[0].patch).toContain(`-          title="${TITLE}"`);
    expect(diff[0].patch).toContain('+          title="Answers — about your product, 50 € a month"');
  });

  it('refuses an edit based on a version behind the head (VERSION_CONFLICT) or that no longer matches (EDIT_LOCATION_STALE), changing nothing', async () => {
    const p = await landing('page-edit-cas');
    expect((await p.client.post(`/api/projects/${p.projectId}/edits`, edit(1, p.h1, TITLE, 'First', [p.heroOwner]))).status).toBe(201);

    const behind = await p.client.post(`/api/projects/${p.projectId}/edits`, edit(1, p.h1, TITLE, 'Second', [p.heroOwner]));
    expect(behind.status).toBe(409);
    expect(behind.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { baseVersion: 1, headVersion: 2 } });

    const stale = await p.client.post(`/api/projects/${p.projectId}/edits`, edit(2, p.h1, TITLE, 'Second', [p.heroOwner]));
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('EDIT_LOCATION_STALE');

    // Writing what is already there makes no version.
    const same = await p.client.post(`/api/projects/${p.projectId}/edits`, edit(2, p.h1, 'First', 'First', [p.heroOwner]));
    expect([same.status, same.body]).toEqual([201, { version: 2, path: 'src/App.tsx', line: expect.any(Number) }]);

    expect(await head(p.client, p.projectId)).toBe(2);
    expect(await text(p.user.accessToken, p.projectId, 'src/App.tsx')).toBe(p.app.replace(`"${TITLE}"`, '"First"'));
  });

  it('refuses computed text (422 EDIT_NOT_EDITABLE), a link to javascript: (400), another user’s project (404) and bad bodies (400)', async () => {
    const p = await landing('page-edit-refuse');
    const price = locate('src/components/Pricing.tsx', p.pricing, '<span className="font-display');
    const computed = await p.client.post(`/api/projects/${p.projectId}/edits`, edit(1, price, '$0', '$5'));
    expect(computed.status).toBe(422);
    expect(computed.body.error.code).toBe('EDIT_NOT_EDITABLE');

    const link = locate('src/components/Hero.tsx', await text(p.user.accessToken, p.projectId, 'src/components/Hero.tsx'), '<a');
    const jsLink = await p.client.post(`/api/projects/${p.projectId}/edits`, { ...edit(1, link, '#pricing', 'javascript:alert(1)', [p.heroOwner]), target: { kind: 'attribute', name: 'href' } });
    expect(jsLink.status).toBe(400);
    expect(jsLink.body.error.code).toBe('EDIT_VALUE_REFUSED');

    const other = await signUp('page-edit-other');
    const foreign = await other.client.post(`/api/projects/${p.projectId}/edits`, edit(1, p.h1, TITLE, 'Mine now', [p.heroOwner]));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('PROJECT_NOT_FOUND');

    for (const body of [
      edit(1, p.h1, TITLE, 'nul\u0000byte', [p.heroOwner]),
      edit(1, p.h1, TITLE, 'x'.repeat(5001), [p.heroOwner]),
      edit(1, { ...p.h1, line: 0 }, TITLE, 'X', [p.heroOwner]),
      { ...edit(1, p.h1, TITLE, 'X'), target: { kind: 'attribute', name: 'onclick' } },
    ]) {
      const bad = await p.client.post(`/api/projects/${p.projectId}/edits`, body);
      expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect(await head(p.client, p.projectId)).toBe(1);
  });

  it('lands while a turn of the scripted model runs: the turn rebases onto it or fails VERSION_CONFLICT, and the edit stays', async () => {
    const p = await landing('page-edit-turn');
    const socket = await connectSocket(p.user.accessToken);
    sockets.push(socket);
    const log = new EventLog(socket);
    expect(await emitWithAck(socket, 'project:join', { projectId: p.projectId })).toMatchObject({ ok: true });
    const badge = 'export function Badge({ label }: { label: string }) {\n  return <span className="badge">{label}</span>;\n}';
    const s = await script({ reply: reply('A badge, slowly.', { 'src/components/Badge.tsx': badge }), chunkChars: 4, chunkDelayMs: 25 });
    const turnId = await send(socket, p.projectId, `Add a badge ${s.marker}`);
    await log.waitFor((e) => e.name === 'chat:delta' && e.payload.turnId === turnId);

    const res = await p.client.post(
      `/api/projects/${p.projectId}/edits`,
      edit(1, p.subtitle, `${SUBTITLE_START} and turns raw events into clear, shareable insights, so the whole team decides with the same numbers.`, 'Edited while the model wrote.', [p.heroOwner]),
    );
    expect(res.status).toBe(201);
    const outcome = await log.outcome(turnId, 60_000);
    if (outcome.name === 'turn:failed') expect(outcome.payload.error.code).toBe('VERSION_CONFLICT');
    else expect([outcome.name, outcome.payload.version]).toEqual(['turn:completed', 3]);
    const app = await text(p.user.accessToken, p.projectId, 'src/App.tsx');
    expect(app).toContain('subtitle="Edited while the model wrote."');
    expect(app).not.toContain(SUBTITLE_START);
  });
});
