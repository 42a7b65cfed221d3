import { createHash } from 'node:crypto';
import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import type { RecordedRequest } from '../../tools/model-server/src/server.js';
import { API_URL, type Client, connectSocket, emitWithAck, type Json, type SignedUp, signUp } from './support/api.js';
import { launchChromium, SCREENSHOTS } from './support/browser.js';
import { openPreviewPage } from './support/preview-page.js';
import { startPreview } from './support/previews.js';
import { EventLog, MODEL_SERVER_URL, reply, script } from './support/turns.js';

jest.setTimeout(240_000);

/**
 * Pictures in the chat, end to end against the real stack (docs/API.md "Chat turns", `attachments`): a `chat`
 * upload sent with a message reaches the scripted model through each real SDK in that provider's own format and
 * is counted in the turn's usage; a picture marked `use: asset` becomes an asset in the turn's own version, and
 * the page the model writes with it shows it in headless Chromium.
 */

interface Person {
  user: SignedUp;
  socket: Socket;
  log: EventLog;
}

const sockets: Socket[] = [];
const cleanup: (() => unknown)[] = [];
let browser: Browser | undefined;
afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo();
  for (const s of sockets) s.close();
  await browser?.close();
});

async function person(tag: string): Promise<Person> {
  const user = await signUp(tag);
  const socket = await connectSocket(user.accessToken);
  sockets.push(socket);
  return { user, socket, log: new EventLog(socket) };
}

async function project(p: Person, templateId?: string): Promise<{ projectId: string; headVersion: number }> {
  const created = await p.user.client.post('/api/projects', { name: 'Pictures in the chat', ...(templateId ? { templateId } : {}) });
  expect(created.status).toBe(201);
  expect(await emitWithAck(p.socket, 'project:join', { projectId: created.body.id })).toMatchObject({ ok: true });
  return { projectId: created.body.id, headVersion: created.body.headVersion };
}

/** An upload as the browser sends it: a ticket, the bytes PUT to the presigned URL, completed, processed. */
async function upload(p: Person, projectId: string, fileName: string, bytes: Buffer, body: Json = { purpose: 'chat' }): Promise<{ uploadId: string; version?: number }> {
  const { client } = p.user;
  const ticket = await client.post(`/api/projects/${projectId}/uploads`, { fileName, contentType: 'image/png', size: bytes.length, ...body });
  expect(ticket.status).toBe(201);
  // fetch sets the length from the body itself (and refuses to be told another one).
  const headers = Object.fromEntries(Object.entries(ticket.body.headers as Record<string, string>).filter(([k]) => k.toLowerCase() !== 'content-length'));
  expect((await fetch(ticket.body.url, { method: 'PUT', headers, body: new Uint8Array(bytes) })).status).toBe(200);
  const { uploadId } = ticket.body;
  expect((await client.post(`/api/projects/${projectId}/uploads/${uploadId}/complete`)).status).toBe(202);
  const processed = await p.log.waitFor((e) => e.name === 'upload:processed' && e.payload.uploadId === uploadId, 60_000, `upload ${uploadId} to be processed`);
  expect(processed.payload).toMatchObject({ status: 'done' });
  return { uploadId, version: processed.payload.version as number | undefined };
}

/** A chat picture, ready to attach to a message. */
const chatPicture = async (p: Person, projectId: string, fileName: string, bytes: Buffer): Promise<string> => (await upload(p, projectId, fileName, bytes)).uploadId;

/** The bytes behind a message attachment's `url`, read with the person's credential as the chat does. */
async function attachmentBytes(p: Person, url: string): Promise<Buffer> {
  const res = await fetch(`${API_URL}${url}`, { headers: { authorization: `Bearer ${p.user.accessToken}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** Sends a message over the socket (the gateway's `chat:send`); resolves with its turn's outcome event. */
async function turn(p: Person, projectId: string, message: string, model: string, attachments?: Json[]): Promise<{ turnId: string; end: Json }> {
  const ack = await emitWithAck(p.socket, 'chat:send', { projectId, message, model, ...(attachments ? { attachments } : {}) });
  if (!ack.ok) throw new Error(`chat:send refused: ${JSON.stringify(ack.error)}`);
  const end = await p.log.outcome(ack.turnId, 120_000);
  return { turnId: ack.turnId, end: { name: end.name, ...end.payload } };
}

/** What the scripted model received for a scenario, with the pictures it found in each request. */
async function requestsOf(scenarioId: string): Promise<RecordedRequest[]> {
  const res = await fetch(`${MODEL_SERVER_URL}/_scenarios/${scenarioId}/requests`);
  expect(res.status).toBe(200);
  return (await res.json()) as RecordedRequest[];
}

// Evaluated in the page: the navbar's picture as the browser has it (loaded: complete, with real pixels).
const NAV_IMAGE = `(() => {
  const el = document.querySelector('nav img');
  if (!el) return { missing: document.getElementById('root')?.innerHTML.slice(0, 500) ?? null };
  return { src: el.getAttribute('src'), alt: el.alt, width: el.getAttribute('width'), height: el.getAttribute('height'), loaded: el.complete && el.naturalWidth > 0, naturalWidth: el.naturalWidth };
})()`;
const LOADED = `(() => { const el = document.querySelector('nav img'); return Boolean(el && el.complete && el.naturalWidth > 0); })()`;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A picture with something in it (a gradient of stripes), so a scaled or re-encoded copy is still a real image. */
const picture = (width: number, height: number, color: string) =>
  sharp({ create: { width, height, channels: 3, background: color } })
    .composite([{ input: Buffer.from(`<svg width="${width}" height="${height}"><rect x="0" y="0" width="${width / 2}" height="${height}" fill="#ffffff"/></svg>`), top: 0, left: 0 }])
    .png()
    .toBuffer();

describe.each([
  ['OpenAI', 'openai:scripted-gpt'],
  ['Anthropic', 'anthropic:scripted-claude'],
])('a message with a picture through the %s SDK', (_name, model) => {
  const protocol = model.split(':')[0];

  it('reaches the model in the provider’s own format, before the text, and is counted in the turn’s usage', async () => {
    const p = await person(`pictures-${protocol}`);
    const { projectId } = await project(p);
    const uploadId = await chatPicture(p, projectId, 'Design Mockup.png', await picture(1024, 768, '#336699'));

    // The same words without the picture, then with it: the scripted model reports a fixed input plus what the pictures cost
    // (scripted: unscripted, it counts the whole prompt, and the second turn's holds the first's messages too).
    const plain = await script({ reply: reply('Noted.'), usage: { input: 1200 } });
    const without = await turn(p, projectId, `Make the page look like my design ${plain.marker}`, model);
    expect(without.end.name).toBe('turn:completed');
    const seeing = await script({ reply: reply('I see a blue and white design.'), usage: { input: 1200 } });
    const withPicture = await turn(p, projectId, `Make the page look like my design ${seeing.marker}`, model, [{ uploadId }]);
    expect(withPicture.end).toMatchObject({ name: 'turn:completed', response: 'I see a blue and white design.' });

    // The message keeps its picture, and its url gives the very bytes the model was sent.
    const messages = (await p.user.client.get(`/api/projects/${projectId}/messages`)).body as Json[];
    const mine = messages.find((m) => m.turnId === withPicture.turnId && m.role === 'user');
    expect(mine.attachments).toEqual([
      { uploadId, fileName: 'Design Mockup.png', contentType: 'image/png', width: 1024, height: 768, use: 'reference', url: `/api/projects/${projectId}/uploads/${uploadId}/content` },
    ]);
    expect(messages.find((m) => m.turnId === without.turnId && m.role === 'user').attachments).toBeUndefined();
    const kept = await attachmentBytes(p, mine.attachments[0].url);

    const [request] = await requestsOf(seeing.id);
    expect(request.protocol).toBe(protocol);
    expect(request.images).toEqual([expect.objectContaining({ format: protocol, mediaType: 'image/png', sha256: sha256(kept), width: 1024, height: 768 })]);
    const last = (request.body.messages as Json[]).at(-1);
    expect(last.role).toBe('user');
    const parts = last.content as Json[];
    // The picture first, then the words, each in this provider's own shape.
    if (protocol === 'openai') {
      expect(parts.map((x) => x.type)).toEqual(['image_url', 'text']);
      expect(parts[0].image_url.url).toBe(`data:image/png;base64,${kept.toString('base64')}`);
    } else {
      expect(parts.map((x) => x.type)).toEqual(['image', 'text']);
      expect(parts[0].source).toEqual({ type: 'base64', media_type: 'image/png', data: kept.toString('base64') });
    }
    expect(parts[1].text).toContain('Make the page look like my design');
    // The turn without it sent text only.
    expect((await requestsOf(plain.id))[0].images).toEqual([]);

    // The turn's tokens count the picture: exactly what the provider charged for it on top of the same words.
    const pictureTokens = request.images[0].tokens as number;
    expect(pictureTokens).toBeGreaterThan(0);
    expect(withPicture.end.usage.inputTokens).toBe(without.end.usage.inputTokens + pictureTokens);
    const turnView = (await p.user.client.get(`/api/turns/${withPicture.turnId}`)).body;
    expect(turnView.usage).toMatchObject({ provider: protocol, inputTokens: withPicture.end.usage.inputTokens });

    // A later turn does not send the picture again; it only names it.
    const later = await script({ reply: reply('Done.') });
    expect((await turn(p, projectId, `Thanks ${later.marker}`, model)).end.name).toBe('turn:completed');
    const [again] = await requestsOf(later.id);
    expect(again.images).toEqual([]);
    expect(JSON.stringify(again.body)).toContain('[picture: Design Mockup.png]');
  });
});

describe('a picture marked use: asset', () => {
  it('becomes an asset in the turn’s one version, and the page the model writes shows it in Chromium', async () => {
    const p = await person('pictures-logo');
    const { projectId, headVersion } = await project(p, 'blank');
    cleanup.push(() => p.user.client.delete(`/api/projects/${projectId}/preview`).catch(() => undefined));
    await startPreview(p.user.client, projectId, p.log, 90_000);
    // The person has the preview open beside the chat while the turn runs, as in the workspace.
    browser ??= await launchChromium();
    const view = await openPreviewPage(browser, async () => (await p.user.client.get(`/api/projects/${projectId}/preview`)).body.url, 60_000);
    cleanup.push(() => view.close());
    const uploadId = await chatPicture(p, projectId, 'Acme Logo.png', await picture(320, 96, '#cc3300'));

    const app = `export default function App() {
  return (
    <>
      <nav className="flex items-center gap-3 px-6 py-4">
        <img src="/assets/acme-logo.png" alt="Acme logo" width={320} height={96} />
      </nav>
      <main id="main" className="px-6 py-24">
        <h1 className="text-4xl font-bold">Acme</h1>
      </main>
    </>
  );
}`;
    const s = await script({ reply: reply('Your logo is in the navbar.', { 'src/App.tsx': app }) });
    const { turnId, end } = await turn(p, projectId, `Use this logo in the navbar ${s.marker}`, 'openai:scripted-gpt', [{ uploadId, use: 'asset' }]);
    expect(end).toMatchObject({ name: 'turn:completed', version: headVersion + 1, refused: [] });
    // One version: the logo (and any web-sized copies) with the model's page.
    const changed = (end.changes as { path: string }[]).map((c) => c.path);
    expect(changed).toEqual(expect.arrayContaining(['public/assets/acme-logo.png', 'src/App.tsx']));
    expect(changed.filter((x) => !x.startsWith('public/assets/acme-logo'))).toEqual(['src/App.tsx']);
    const staged = p.log
      .of(turnId)
      .filter((e) => e.name === 'file:staged')
      .map((e) => e.payload.path);
    expect(staged.indexOf('public/assets/acme-logo.png')).toBeLessThan(staged.indexOf('src/App.tsx'));

    // The model was told where it is, and saw the picture.
    const [request] = await requestsOf(s.id);
    expect(JSON.stringify(request.body)).toContain('The person attached Acme Logo.png: it is saved as /assets/acme-logo.png (320×96)');
    expect(request.images).toHaveLength(1);

    // The message says where it went; the asset has its metadata.
    const messages = (await p.user.client.get(`/api/projects/${projectId}/messages`)).body as Json[];
    expect(messages.find((m) => m.turnId === turnId && m.role === 'user').attachments).toEqual([expect.objectContaining({ uploadId, use: 'asset', assetPath: 'public/assets/acme-logo.png' })]);
    const assets = (await p.user.client.get(`/api/projects/${projectId}/assets`)).body as Json[];
    expect(assets).toEqual([expect.objectContaining({ path: 'public/assets/acme-logo.png', url: '/assets/acme-logo.png', width: 320, height: 96, contentType: 'image/png' })]);

    // The preview serves the version, and the logo loads in the open page with its alt text and size.
    const version = end.version as number;
    await p.log.waitFor((e) => e.name === 'preview:updated' && e.payload.version === version, 60_000, `preview:updated ${version}`);
    // Waits for it to load; what the page has either way is what the test reports.
    await view.page.waitForFunction(LOADED, undefined, { timeout: 30_000 }).catch(() => undefined);
    await view.page.screenshot({ path: `${SCREENSHOTS}/turn-pictures-logo.png` });
    expect({ image: await view.page.evaluate(NAV_IMAGE), errors: view.errors }).toEqual({
      image: { src: '/assets/acme-logo.png', alt: 'Acme logo', width: '320', height: '96', loaded: true, naturalWidth: 320 },
      errors: [],
    });

    // The person replaces the logo (same path, new bytes): the open page shows the new one without being reloaded
    // (the preview agent tells the page, which loads the image again), the app's state kept.
    await view.page.evaluate(`window.__kept = 'still here'`);
    const replaced = await upload(p, projectId, 'Acme Logo v2.png', await picture(160, 48, '#0033cc'), { purpose: 'asset', replaces: 'public/assets/acme-logo.png' });
    await p.log.waitFor((e) => e.name === 'preview:updated' && e.payload.version === replaced.version, 60_000, `preview:updated ${replaced.version}`);
    await view.page.waitForFunction(`document.querySelector('nav img')?.naturalWidth === 160`, undefined, { timeout: 30_000 }).catch(() => undefined);
    expect({ naturalWidth: await view.page.evaluate(`document.querySelector('nav img')?.naturalWidth`), kept: await view.page.evaluate('window.__kept') }).toEqual({
      naturalWidth: 160,
      kept: 'still here',
    });
  });
});

describe('attachments the API refuses', () => {
  it('another person’s upload is not found; one attached twice, or not processed yet, is named', async () => {
    const owner = await person('pictures-owner');
    const stranger = await person('pictures-stranger');
    const mine = await project(owner);
    const theirs = await project(stranger);
    const uploadId = await chatPicture(owner, mine.projectId, 'shot.png', await picture(64, 64, '#00aa00'));
    const send = (c: Client, projectId: string, attachments: Json[]) => c.post(`/api/projects/${projectId}/turns`, { message: 'like this', attachments });

    // Another person's upload, in their project or in one's own, is the same as no upload at all.
    for (const r of [await send(stranger.user.client, theirs.projectId, [{ uploadId }]), await send(owner.user.client, mine.projectId, [{ uploadId: '00000000-0000-4000-8000-000000000000' }])]) {
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('UPLOAD_NOT_FOUND');
    }
    const twice = await send(owner.user.client, mine.projectId, [{ uploadId }, { uploadId, use: 'asset' }]);
    expect(twice.status).toBe(400);
    expect(twice.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { uploadId } });

    const ticket = await owner.user.client.post(`/api/projects/${mine.projectId}/uploads`, { fileName: 'later.png', contentType: 'image/png', size: 100, purpose: 'chat' });
    const pending = await send(owner.user.client, mine.projectId, [{ uploadId: ticket.body.uploadId }]);
    expect(pending.status).toBe(400);
    expect(pending.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { uploadId: ticket.body.uploadId, status: 'pending' } });
    expect(pending.body.error.message).toContain('later.png');

    // Nothing was queued for any of them.
    const messages = (await owner.user.client.get(`/api/projects/${mine.projectId}/messages`)).body as Json[];
    expect(messages).toEqual([]);
  });
});
