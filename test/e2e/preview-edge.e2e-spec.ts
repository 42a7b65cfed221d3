import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { launchBrowser } from '../templates/support/browser.js';
import { API_URL, Client, connectSocket, emitWithAck, eventually, type SignedUp, signUp, strongPassword, uniqueEmail } from './support/api.js';
import { previewRequest, signInToPreview, startPreview } from './support/previews.js';
import { EventLog } from './support/turns.js';

jest.setTimeout(180_000);

/**
 * The preview origin (`<projectId>.<PREVIEW_DOMAIN>`) serves the preview and nothing of the API; its cookie
 * lives only as long as the sign-in it came from; its link opens it once; the app frames it sandboxed and
 * opens it in a tab it cannot reach back from.
 */
const port = new URL(API_URL).port;
const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.close()));

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request to the API's port with exactly this Host and these Cookie headers (one header per entry). */
function rawRequest(host: string, path: string, cookies: string[] = []): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = { host };
    if (cookies.length) headers.cookie = cookies.length === 1 ? cookies[0] : cookies;
    const req = request({ host: '127.0.0.1', port: Number(port), path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer for ${host}${path}`)));
    req.once('error', reject);
    req.end();
  });
}

/** A websocket upgrade request with this Host; resolves with the status line of the answer (or '' when the socket just closes). */
function upgradeStatusLine(host: string, path: string, cookie?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let seen = '';
    const done = () => {
      socket.destroy();
      resolve(seen.split('\r\n')[0]);
    };
    socket.setTimeout(20_000, () => {
      socket.destroy();
      reject(new Error(`no answer to the upgrade for ${host}`));
    });
    socket.on('data', (chunk) => {
      seen += chunk.toString('latin1');
      if (seen.includes('\r\n')) done();
    });
    socket.once('end', done);
    socket.once('error', reject);
    socket.write(
      [
        `GET ${path} HTTP/1.1`,
        `Host: ${host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        ...(cookie ? [`Cookie: ${cookie}`] : []),
        '',
        '',
      ].join('\r\n'),
    );
  });
}

async function withPreview(tag: string): Promise<{ user: SignedUp; projectId: string; url: string; log: EventLog }> {
  const user = await signUp(tag);
  const project = await user.client.post('/api/projects', { name: tag });
  const socket = await connectSocket(user.accessToken);
  sockets.push(socket);
  const log = new EventLog(socket);
  await emitWithAck(socket, 'project:join', { projectId: project.body.id });
  const url = await startPreview(user.client, project.body.id, log);
  return { user, projectId: project.body.id, url, log };
}

/** A fresh one-minute link for the project, asked for with this client's credential. */
const freshLink = async (client: Client, projectId: string) => (await client.get(`/api/projects/${projectId}/preview`)).body.url as string;

describe('the preview origin', () => {
  let owner: SignedUp;
  let projectId: string;
  let cookie: string;
  let origin: string;

  beforeAll(async () => {
    const p = await withPreview('edge-origin');
    [owner, projectId] = [p.user, p.projectId];
    ({ cookie, origin } = await signInToPreview(p.url));
    expect((await previewRequest(`${origin}/`, { cookie })).status).toBe(200);
  });

  it('never lets engine.io or the API answer there, whatever form the Host takes', async () => {
    const hosts = [
      `${projectId}.preview.localhost:${port}`,
      `${projectId}.preview.localhost`,
      `${projectId.toUpperCase()}.PREVIEW.LOCALHOST:${port}`,
      `${projectId}.preview.localhost.:${port}`,
      `${projectId}.preview.localhost.`,
      // Not a project, but under the preview domain: nothing of the API either.
      `no-such-project.preview.localhost:${port}`,
    ];
    for (const host of hosts) {
      for (const path of ['/socket.io/?EIO=4&transport=polling', '/api/auth/me', '/health', '/metrics', '/docs']) {
        const anonymous = await rawRequest(host, path);
        expect({ host, path, status: anonymous.status, engineIo: /^0\{"sid"/.test(anonymous.body) }).toEqual({ host, path, status: expect.any(Number), engineIo: false });
        expect([403, 404]).toContain(anonymous.status);
      }
      const upgrade = await upgradeStatusLine(host, '/socket.io/?EIO=4&transport=websocket');
      expect({ host, upgrade }).toEqual({ host, upgrade: expect.stringMatching(/^HTTP\/1\.1 40[34] /) });
    }
    // With the owner's cookie the request reaches the preview's own dev server, still never engine.io.
    const owned = await rawRequest(`${projectId}.preview.localhost:${port}`, '/socket.io/?EIO=4&transport=polling', [cookie]);
    expect(owned.body).not.toMatch(/^0\{"sid"/);
    expect(owned.body).not.toContain('"upgrades"');
    // The API's own host still has its Socket.IO.
    expect((await rawRequest(`127.0.0.1:${port}`, '/socket.io/?EIO=4&transport=polling')).body).toMatch(/^0\{"sid"/);
  });

  it('refuses a malformed cookie with 403 (never 502), and finds the valid one among duplicates', async () => {
    const host = `${projectId}.preview.localhost:${port}`;
    // A real link's token is signed for another audience: no cookie.
    const linkToken = new URL(await freshLink(owner.client, projectId)).searchParams.get('t');
    const malformed = [
      'studio_preview=%E0%A4%A',
      'studio_preview=not-a-jwt',
      `studio_preview=${randomBytes(90).toString('base64')}`,
      'studio_preview=e30.e30.',
      `studio_preview=${linkToken}`,
      'studio_preview=',
      'studio_preview',
      'studio_preview="quoted"',
    ];
    for (const bad of malformed) {
      const res = await rawRequest(host, '/', [bad]);
      expect({ bad, status: res.status }).toEqual({ bad, status: 403 });
    }
    const upgrade = await upgradeStatusLine(host, '/', 'studio_preview=%E0%A4%A');
    expect(upgrade).toMatch(/^HTTP\/1\.1 403 /);
    // Two Cookie headers, or the name twice in one: a planted value does not shadow the owner's cookie.
    expect((await rawRequest(host, '/', ['studio_preview=garbage', cookie])).status).toBe(200);
    expect((await rawRequest(host, '/', [`studio_preview=garbage; ${cookie}`])).status).toBe(200);
    expect((await rawRequest(host, '/', [`${cookie}; studio_preview=%E0%A4%A`])).status).toBe(200);
    expect((await rawRequest(host, '/', ['studio_preview=a', 'studio_preview=b'])).status).toBe(403);
  });
});

describe('preview links and cookies', () => {
  it('opens the preview once per link: a second use is refused', async () => {
    const { user, projectId } = await withPreview('edge-once');
    const url = await freshLink(user.client, projectId);
    const { cookie, origin } = await signInToPreview(url);
    expect((await previewRequest(`${origin}/`, { cookie })).status).toBe(200);
    const again = await previewRequest(url);
    expect(again.status).toBe(403);
    expect(again.headers['x-studio-error']).toBe('PREVIEW_LINK_USED');
    expect(again.headers['set-cookie']).toBeUndefined();
    // A fresh link still works.
    expect((await previewRequest(await freshLink(user.client, projectId))).status).toBe(302);
  });

  it('ends preview access when its sign-in session ends (logout)', async () => {
    const { user, projectId, url } = await withPreview('edge-logout');
    const { cookie, origin } = await signInToPreview(url);
    expect((await previewRequest(`${origin}/`, { cookie })).status).toBe(200);
    // A link handed out before the logout and not yet used is refused too.
    const unused = await freshLink(user.client, projectId);
    expect((await user.client.post('/api/auth/logout')).status).toBe(204);
    const refused = await eventually(
      async () => {
        const res = await previewRequest(`${origin}/`, { cookie });
        return res.status === 200 ? undefined : res;
      },
      5_000,
      'the cookie to be refused after logout',
    );
    expect(refused.status).toBe(403);
    expect(refused.headers['x-studio-error']).toBe('PREVIEW_SESSION_REVOKED');
    const viaLink = await previewRequest(unused);
    expect(viaLink.status).toBe(403);
    expect(viaLink.headers['x-studio-error']).toBe('PREVIEW_SESSION_REVOKED');
  });

  it('ends preview access opened with an API key when the key is revoked', async () => {
    const { user, projectId } = await withPreview('edge-key');
    const created = await user.client.post('/api/api-keys', { name: 'preview script' });
    const viaKey = new Client(created.body.key);
    const { cookie, origin } = await signInToPreview(await freshLink(viaKey, projectId));
    expect((await previewRequest(`${origin}/`, { cookie })).status).toBe(200);
    expect((await user.client.delete(`/api/api-keys/${created.body.id}`)).status).toBe(204);
    const refused = await eventually(
      async () => {
        const res = await previewRequest(`${origin}/`, { cookie });
        return res.status === 200 ? undefined : res;
      },
      5_000,
      'the cookie to be refused after the key is revoked',
    );
    expect(refused.status).toBe(403);
    expect(refused.headers['x-studio-error']).toBe('PREVIEW_SESSION_REVOKED');
  });
});

describe('the preview in the web client (Chromium)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('frames the preview sandboxed (the page still runs) and opens it in a tab with no window.opener', async () => {
    await page.goto(API_URL);
    await page.getByLabel('Email').fill(uniqueEmail('edge-web'));
    await page.getByLabel('Password').fill(strongPassword());
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByLabel('Project name').fill('Sandboxed');
    await page.getByRole('button', { name: 'Create project' }).click();
    const iframe = await page.waitForSelector('iframe.preview-frame', { timeout: 60_000 });
    const sandbox = ((await iframe.getAttribute('sandbox')) ?? '').split(/\s+/);
    expect(sandbox).toEqual(expect.arrayContaining(['allow-scripts', 'allow-same-origin', 'allow-forms', 'allow-popups']));
    expect(sandbox).not.toContain('allow-top-navigation');
    expect(sandbox).not.toContain('allow-top-navigation-by-user-activation');
    // React rendered inside the sandbox: scripts run and the page is there.
    const frame = (await iframe.contentFrame())!;
    // Chromium aborts loads in flight when the host's network changes, as it does whenever Docker adds a
    // container's interface (support/preview-page.ts): a page that load left blank is reloaded, as a person
    // would, at most twice (the frame with the pane's Reload, the tab with the browser's). Any other failure
    // to show the page still fails here.
    const cut: string[] = [];
    context.on('requestfailed', (r) => r.failure()?.errorText.includes('ERR_NETWORK_CHANGED') && cut.push(r.url()));
    // What went wrong on the way, for the failure's message: a page that never shows says why.
    const seenProblems: string[] = [];
    context.on('requestfailed', (r) => seenProblems.push(`${r.failure()?.errorText} ${r.url()}`));
    context.on('response', (r) => r.status() >= 400 && seenProblems.push(`${r.status()} ${r.headers()['x-studio-error'] ?? ''} ${r.url()}`));
    context.on('console', (m) => m.type() === 'error' && seenProblems.push(`console: ${m.text().slice(0, 300)}`));
    const showsHeading = async (find: () => Promise<unknown>, reload: () => Promise<unknown>, shownText: () => Promise<string>) => {
      for (let reloads = 0; ; reloads++) {
        const seen = cut.length;
        const shown = await eventually(async () => ((await find().catch(() => null)) ? true : cut.length > seen ? false : undefined), 60_000, 'the page in the preview').catch(async (err: Error) => {
          const text = await shownText().catch((e: Error) => `(unreadable: ${e.message})`);
          throw new Error(`${err.message}; it shows: ${JSON.stringify(text.slice(0, 300))}; problems seen: ${JSON.stringify(seenProblems.slice(-15))}`);
        });
        if (shown) return;
        if (reloads >= 2) throw new Error(`the preview's page was cut by a network change three times: ${cut.slice(-3).join('; ')}`);
        await reload();
      }
    };
    await showsHeading(
      () => frame.$('h1'),
      () => page.getByRole('button', { name: 'Reload', exact: true }).click(),
      () => frame.evaluate('document.title + " | " + document.body.innerText') as Promise<string>,
    );
    expect(await frame.evaluate('document.querySelector("h1").textContent')).toContain('Every answer about your product');

    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open in a new tab' }).click()]);
    await tab.waitForURL(/preview\.localhost/, { timeout: 30_000 });
    await showsHeading(
      () => tab.$('h1'),
      () => tab.reload(),
      () => tab.evaluate('document.title + " | " + document.body.innerText') as Promise<string>,
    );
    expect(await tab.evaluate('window.opener === null')).toBe(true);
    expect(await tab.evaluate('document.querySelector("h1").textContent')).toContain('Every answer about your product');
    await tab.close();
  });
});
