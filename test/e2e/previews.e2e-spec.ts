import { jest } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { type Client, connectSocket, emitWithAck, eventually, signUp } from './support/api.js';
import { openHmr, PREVIEW_RUNTIME, previewRequest, signInToPreview, startPreview } from './support/previews.js';
import { EventLog, LANDING_HERO_PROPS, reply, requestsOf, script, send } from './support/turns.js';

jest.setTimeout(120_000);

const heroWith = (headline: string) => `export default function Hero(_props: ${LANDING_HERO_PROPS}) {
  return (
    <section className="hero" aria-labelledby="hero-title">
      <div className="container hero__inner">
        <h1 id="hero-title">${headline}</h1>
      </div>
    </section>
  );
}`;

const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.close()));

async function setup(tag: string): Promise<{ client: Client; log: EventLog; projectId: string; socket: Socket }> {
  const user = await signUp(tag);
  const project = await user.client.post('/api/projects', { name: tag });
  const socket = await connectSocket(user.accessToken);
  sockets.push(socket);
  const log = new EventLog(socket);
  const joined = await emitWithAck(socket, 'project:join', { projectId: project.body.id });
  expect(joined).toMatchObject({ ok: true, preview: { status: 'stopped' } });
  return { client: user.client, log, projectId: project.body.id, socket };
}

describe(`live previews (${PREVIEW_RUNTIME} runtime)`, () => {
  it("serves the project's page through the proxy on its own origin, to its owner only", async () => {
    const owner = await setup('preview-owner');
    const url = await startPreview(owner.client, owner.projectId, owner.log);
    const link = new URL(url);
    expect(link.hostname).toBe(`${owner.projectId}.preview.localhost`);
    expect(link.origin).not.toBe(new URL(process.env.API_URL!).origin);

    const { cookie, origin, setCookie } = await signInToPreview(url);
    expect(setCookie).toMatch(/HttpOnly/);
    const page = await previewRequest(`${origin}/`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Lumen — product analytics for the whole team</title>');
    expect(page.body).toContain('/@vite/client');
    const hero = await previewRequest(`${origin}/src/components/Hero.tsx`, { cookie });
    expect(hero.status).toBe(200);
    expect(hero.body).toContain('Every answer about your product, in plain language.');
    // Tailwind runs in the preview: the theme's names become real utilities.
    const css = await previewRequest(`${origin}/src/index.css`, { cookie });
    expect(css.status).toBe(200);
    expect(css.body).toContain('--color-primary: #4f46e5');
    expect(css.body).toMatch(/\.bg-primary\s*\{/);

    const status = await owner.client.get(`/api/projects/${owner.projectId}/preview`);
    expect(status.body).toMatchObject({ status: 'ready', version: 1, url: expect.stringContaining('/__studio/auth?t=') });
    const joined = await emitWithAck(owner.socket, 'project:join', { projectId: owner.projectId });
    expect(joined.preview).toMatchObject({ status: 'ready', version: 1 });

    // No cookie, a cookie for another project, another user's cookie, a forged one: no page.
    expect((await previewRequest(`${origin}/`)).status).toBe(403);
    expect((await previewRequest(`${origin}/src/main.tsx`, { cookie: 'studio_preview=forged.token.value' })).status).toBe(403);
    const stranger = await setup('preview-stranger');
    expect((await stranger.client.post(`/api/projects/${owner.projectId}/preview`)).status).toBe(404);
    expect((await stranger.client.get(`/api/projects/${owner.projectId}/preview`)).status).toBe(404);
    const strangerLink = (await stranger.client.get(`/api/projects/${stranger.projectId}/preview`)).body.url as string;
    const strangerCookie = (await signInToPreview(strangerLink)).cookie;
    expect((await previewRequest(`${origin}/`, { cookie: strangerCookie })).status).toBe(403);
    // The stranger's own link does not open the owner's preview either.
    const swapped = strangerLink.replace(stranger.projectId, owner.projectId);
    expect((await previewRequest(swapped)).status).toBe(403);
    // A preview host never reaches the API's own routes, whatever the path.
    expect((await previewRequest(`${origin}/api/projects`, { cookie })).body).not.toContain('"id"');
  });

  it("delivers a turn's change to the page as a Vite HMR update, without a reload, then preview:updated", async () => {
    const { client, log, projectId, socket } = await setup('preview-hmr');
    const url = await startPreview(client, projectId, log);
    const { cookie, origin } = await signInToPreview(url);
    // Load the page's modules the way a browser does, so Vite knows what the page holds.
    for (const path of ['/', '/src/main.tsx', '/src/App.tsx', '/src/components/Hero.tsx']) expect((await previewRequest(`${origin}${path}`, { cookie })).status).toBe(200);
    const hmr = await openHmr(origin, cookie);
    try {
      // The reply goes on after the file, so the commit comes measurably after the staged change.
      const { marker } = await script({
        reply: reply('New headline.', { 'src/components/Hero.tsx': heroWith('Launch day, live') }, 'More words follow the file. '.repeat(40)),
        chunkChars: 40,
        chunkDelayMs: 10,
      });
      const turnId = await send(socket, projectId, `Change the headline ${marker}`);
      const outcome = await log.outcome(turnId);
      expect(outcome.name).toBe('turn:completed');
      const update = await eventually(async () => hmr.messages.find((m) => m.data.type === 'update'), 20_000, 'an HMR update');
      expect(update.data.updates.map((u: { path: string }) => u.path)).toContain('/src/components/Hero.tsx');
      expect(hmr.messages.filter((m) => m.data.type === 'full-reload').map((m) => m.data)).toEqual([]);
      const staged = log.of(turnId).find((e) => e.name === 'file:staged')!;
      // Speculative: the page had the change before the turn was committed.
      expect(update.at).toBeLessThan(outcome.at);
      expect(staged).toBeDefined();
      const updated = await log.waitFor((e) => e.name === 'preview:updated' && e.payload.version === 2, 20_000, 'preview:updated v2');
      expect(updated.payload.paths).toEqual(['src/components/Hero.tsx']);
      const hero = await previewRequest(`${origin}/src/components/Hero.tsx`, { cookie });
      expect(hero.body).toContain('Launch day, live');
    } finally {
      hmr.ws.close();
    }
  });

  it('puts the preview back to the head version when a turn fails after its changes were shown', async () => {
    const { client, log, projectId, socket } = await setup('preview-revert');
    const url = await startPreview(client, projectId, log);
    const { cookie, origin } = await signInToPreview(url);
    // The file arrives early; the reply then streams slowly, so the turn is cancelled mid-stream.
    const { marker } = await script({ reply: reply('Working on it.', { 'src/components/Hero.tsx': heroWith('Never committed') }, 'x'.repeat(4000)), chunkChars: 40, chunkDelayMs: 30 });
    const turnId = await send(socket, projectId, `Try a headline ${marker}`);
    await log.waitFor((e) => e.name === 'file:staged' && e.payload.turnId === turnId, 30_000, 'file:staged');
    await eventually(
      async () => ((await previewRequest(`${origin}/src/components/Hero.tsx`, { cookie })).body.includes('Never committed') ? true : undefined),
      10_000,
      'the staged change in the preview',
    );
    expect((await emitWithAck(socket, 'chat:cancel', { turnId })).ok).toBe(true);
    expect((await log.outcome(turnId)).name).toBe('turn:cancelled');
    await eventually(
      async () => {
        const body = (await previewRequest(`${origin}/src/components/Hero.tsx`, { cookie })).body;
        return body.includes('Every answer about your product') && !body.includes('Never committed') ? true : undefined;
      },
      15_000,
      'the preview to be back at the head version',
    );
    expect((await client.get(`/api/projects/${projectId}`)).body.headVersion).toBe(1);
  });

  it('reports a build error as preview:error with file and line, offers it to the next turn, and follows a restore', async () => {
    const { client, log, projectId, socket } = await setup('preview-follow');
    const url = await startPreview(client, projectId, log);
    const { cookie, origin } = await signInToPreview(url);
    const broken = `export default function Hero() {\n  return <h1>Broken\n}\n`;
    const edit = await client.request('PUT', `/api/projects/${projectId}/files/raw?path=src/components/Hero.tsx`, broken, { 'content-type': 'application/octet-stream' });
    expect(edit.status).toBe(200);
    await log.waitFor((e) => e.name === 'preview:updated' && e.payload.version === 2, 20_000, 'preview:updated after an edit');
    // The page asks for the module (as the browser's HMR client would): Vite fails to build it.
    const hmr = await openHmr(origin, cookie);
    try {
      expect((await previewRequest(`${origin}/src/components/Hero.tsx`, { cookie })).status).toBe(500);
      const error = await log.waitFor((e) => e.name === 'preview:error', 20_000, 'preview:error');
      expect(error.payload).toMatchObject({ version: 2, file: 'src/components/Hero.tsx', line: expect.any(Number) });
      expect(error.payload.message.length).toBeGreaterThan(0);
    } finally {
      hmr.ws.close();
    }
    // The next turn's prompt carries the error, with the file and line.
    const fix = await script({ reply: reply('Fixed.', { 'src/components/Hero.tsx': heroWith('Fixed again') }) });
    const turnId = await send(socket, projectId, `Fix it ${fix.marker}`);
    expect((await log.outcome(turnId)).payload.version).toBe(3);
    const [request] = await requestsOf(fix.id);
    const prompt = JSON.stringify(request.body);
    expect(prompt).toContain('The live preview currently reports these errors');
    expect(prompt).toMatch(/src\/components\/Hero\.tsx:\d+/);

    expect((await client.post(`/api/projects/${projectId}/versions/1/restore`)).status).toBe(201);
    await log.waitFor((e) => e.name === 'preview:updated' && e.payload.version === 4, 20_000, 'preview:updated after the restore');
    expect((await previewRequest(`${origin}/src/components/Hero.tsx`, { cookie })).body).toContain('Every answer about your product');
  });

  it("never leaves a page that throws 'ready': the platform's own load reports it over REST, at the line written", async () => {
    const { client, log, projectId } = await setup('preview-render-check');
    await startPreview(client, projectId, log);
    // A person's edit (not type-checked): a helper that does not exist, called while the hero renders, on line 4.
    const hero = `export default function Hero(_props: ${LANDING_HERO_PROPS}) {\n  const title = 'Launch';\n\n  return <h1>{formatTitle(title)}</h1>;\n}\n`;
    expect((await client.request('PUT', `/api/projects/${projectId}/files/raw?path=src/components/Hero.tsx`, hero, { 'content-type': 'application/octet-stream' })).status).toBe(200);
    const failed = await log.waitFor((e) => e.name === 'preview:error' && e.payload.kind === 'uncaught', 60_000, "the render check's preview:error");
    expect(failed.payload).toMatchObject({ version: 2, file: 'src/components/Hero.tsx', line: 4, message: expect.stringMatching(/formatTitle/) });
    const view = (await client.get(`/api/projects/${projectId}/preview`)).body;
    expect(view).toMatchObject({ status: 'error', version: 2, error: expect.stringMatching(/formatTitle/), file: 'src/components/Hero.tsx', line: 4 });
  });

  it('stops and removes the preview on DELETE', async () => {
    const { client, log, projectId } = await setup('preview-stop');
    const url = await startPreview(client, projectId, log);
    const { cookie, origin } = await signInToPreview(url);
    expect((await client.delete(`/api/projects/${projectId}/preview`)).status).toBe(204);
    await log.waitFor((e) => e.name === 'preview:status' && e.payload.status === 'stopped', 20_000, 'preview stopped');
    expect((await client.get(`/api/projects/${projectId}/preview`)).body.status).toBe('stopped');
    expect((await previewRequest(`${origin}/`, { cookie })).status).toBe(404);
  });
});
