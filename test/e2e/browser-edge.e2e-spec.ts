import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { jest } from '@jest/globals';
import { io } from 'socket.io-client';
import { launchBrowser } from '../templates/support/browser.js';
import { API_URL, Client, eventually, signUp, strongPassword, uniqueEmail } from './support/api.js';
import { AppProcess, freePort, waitForHealth } from './support/apps.js';

jest.setTimeout(120_000);

/**
 * The browser's edge of the API (issue 16, "Headers and origins" and "Bodies after auth"): security headers
 * on the web client and the API, the cookie session with its CSRF rule, CORS reflecting no origin unless
 * configured, and bodies read only after authentication, within a deadline.
 */
const API = new URL(API_URL);
const PREVIEW_DOMAIN = process.env.PREVIEW_DOMAIN ?? 'preview.localhost';
const FOREIGN = 'http://evil.example.test';
// The web client's request header for a cookie session (README "Security"); the CSRF proof on unsafe calls.
const COOKIE_MODE = { 'x-studio-session': 'cookie' };
const SAME_ORIGIN = { origin: API.origin };

/** `name=value` pairs of a response's Set-Cookie headers, as a browser would send them back. */
const jarOf = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
const setCookie = (headers: Headers, name: string) => headers.getSetCookie().find((c) => c.startsWith(`${name}=`));

/** Signs up as the web client does: cookie mode, from the API's own origin. */
async function signUpWithCookies(): Promise<{ client: Client; cookie: string; headers: Headers; body: Record<string, unknown> }> {
  const client = new Client();
  const res = await client.request('POST', '/api/auth/register', { email: uniqueEmail('cookie'), password: strongPassword() }, { ...COOKIE_MODE, ...SAME_ORIGIN });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { client, cookie: jarOf(res.headers), headers: res.headers, body: res.body };
}

/** A directive → sources map of a Content-Security-Policy header. */
function directives(csp: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** A GET with any Host header (fetch cannot set one): how a browser reaches a preview host here. */
function getWithHost(host: string, path = '/'): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: API.hostname, port: API.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.once('error', reject);
    req.end();
  });
}

interface SlowUpload {
  status: number;
  body: string;
  /** Bytes of the body written when the answer came. */
  sent: number;
  /** How long after the first byte of the body the answer came. */
  afterMs: number;
}

/**
 * A PUT whose body trickles in (64 KiB every 100 ms, or stops after `stallAfter` bytes): resolves with the
 * answer as soon as it comes, so a test can tell whether the server answered before reading the body.
 */
function slowUpload(url: string, headers: Record<string, string>, total: number, stallAfter = Infinity): Promise<SlowUpload> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const started = Date.now();
    let sent = 0;
    let answered = false;
    const req = httpRequest({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: 'PUT', headers: { ...headers, 'content-length': String(total) } });
    const giveUp = setTimeout(() => {
      clearInterval(timer);
      req.destroy();
      reject(new Error(`no answer within 20 s (${sent} of ${total} bytes sent)`));
    }, 20_000);
    const timer = setInterval(() => {
      if (sent >= Math.min(total, stallAfter)) return;
      req.write(chunk.subarray(0, Math.min(chunk.length, total - sent)));
      sent += Math.min(chunk.length, total - sent);
      if (sent >= total) req.end();
    }, 100);
    req.once('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.once('end', () => {
        answered = true;
        clearInterval(timer);
        clearTimeout(giveUp);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString(), sent, afterMs: Date.now() - started });
        req.destroy();
      });
    });
    req.once('error', (err) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      // Writing into a socket the server closed after answering is expected; anything before an answer is not.
      if (!answered) reject(err);
    });
  });
}

describe('headers', () => {
  it('serves the web client with a strict CSP, no framing, nosniff and a referrer policy', async () => {
    const res = await fetch(`${API_URL}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['connect-src']).toContain("'self'");
    // The preview iframe: every project's origin under PREVIEW_DOMAIN, nothing else.
    expect(csp['frame-src']).toEqual([`http://*.${PREVIEW_DOMAIN}:${API.port}`]);
    expect(JSON.stringify(csp)).not.toMatch(/unsafe-inline|unsafe-eval|\*(?!\.)/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // The build has no inline script the CSP would block: every <script> loads a file.
    expect([...html.matchAll(/<script\b[^>]*>/g)].every(([tag]) => /\bsrc=/.test(tag))).toBe(true);

    // Its files and the page a deep link gets carry the same policy.
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)![1];
    const assetRes = await fetch(`${API_URL}${asset}`);
    expect(assetRes.headers.get('content-security-policy')).toBe(res.headers.get('content-security-policy'));
    expect(assetRes.headers.get('x-content-type-options')).toBe('nosniff');
    const deep = await fetch(`${API_URL}/some/page`, { headers: { accept: 'text/html' } });
    expect(deep.headers.get('content-security-policy')).toBe(res.headers.get('content-security-policy'));
  });

  it('answers the API with nosniff and Cache-Control: no-store, refusals included', async () => {
    const user = await signUp('headers');
    for (const res of [await user.client.get('/api/auth/me'), await new Client().get('/api/projects'), await user.client.get('/api/projects/not-a-project')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it("keeps the client's headers off preview hosts: a preview must stay frameable by the app", async () => {
    const res = await getWithHost(`${randomUUID()}.${PREVIEW_DOMAIN}:${API.port}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(String(res.headers['content-security-policy'] ?? '')).not.toContain("frame-ancestors 'none'");
  });
});

describe('the cookie session', () => {
  it('signs in with HttpOnly, SameSite=Strict, path-scoped cookies when the web client asks, and no tokens in the body', async () => {
    const { headers, body } = await signUpWithCookies();
    expect(body).toEqual({ user: { id: expect.any(String), email: expect.any(String), role: 'user' }, expiresIn: expect.any(Number) });
    const access = setCookie(headers, 'studio_session')!;
    const refresh = setCookie(headers, 'studio_refresh')!;
    for (const cookie of [access, refresh]) {
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Strict/i);
      // PUBLIC_URL is http here: Secure would keep a browser from sending it.
      expect(cookie).not.toMatch(/; Secure/i);
      expect(cookie).not.toMatch(/; Domain=/i);
    }
    expect(access).toMatch(/; Path=\/(;|$)/);
    expect(refresh).toMatch(/; Path=\/api\/auth(;|$)/);

    // Sign-in too; a script that does not ask keeps the bearer contract, and gets no cookie.
    const email = uniqueEmail('both');
    const password = strongPassword();
    const plain = await new Client().post('/api/auth/register', { email, password });
    expect(plain.body.accessToken).toEqual(expect.any(String));
    expect(plain.headers.getSetCookie()).toEqual([]);
    const login = await new Client().request('POST', '/api/auth/login', { email, password }, { ...COOKIE_MODE, ...SAME_ORIGIN });
    expect(login.status).toBe(200);
    expect(login.body.accessToken).toBeUndefined();
    expect(setCookie(login.headers, 'studio_session')).toMatch(/HttpOnly/);
  });

  it('refuses a cookie-authenticated POST without the CSRF header or from another origin (403 CSRF_FAILED), and takes it with', async () => {
    const { cookie } = await signUpWithCookies();
    const browser = new Client();
    const create = (headers: Record<string, string>) => browser.request('POST', '/api/projects', { name: 'csrf' }, { cookie, ...headers });

    const noHeader = await create(SAME_ORIGIN);
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.error.code).toBe('CSRF_FAILED');
    const foreign = await create({ ...COOKIE_MODE, origin: FOREIGN });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('CSRF_FAILED');
    // A preview page is another origin too, even on the same site.
    const fromPreview = await create({ ...COOKIE_MODE, origin: `http://${randomUUID()}.${PREVIEW_DOMAIN}:${API.port}` });
    expect(fromPreview.body.error?.code).toBe('CSRF_FAILED');
    expect((await browser.request('GET', '/api/projects', undefined, { cookie })).body).toEqual([]);

    const ok = await create({ ...COOKIE_MODE, ...SAME_ORIGIN });
    expect(ok.status).toBe(201);
    // Reads need no header: they change nothing, and CORS keeps their answers from other origins.
    const list = await browser.request('GET', '/api/projects', undefined, { cookie });
    expect(list.status).toBe(200);
    expect(list.body.map((p: { name: string }) => p.name)).toEqual(['csrf']);
  });

  it('needs no CSRF header for bearer tokens and API keys, whatever the Origin', async () => {
    const user = await signUp('bearer');
    const viaToken = await user.client.request('POST', '/api/projects', { name: 'token' }, { origin: FOREIGN });
    expect(viaToken.status).toBe(201);
    const key = await user.client.post('/api/api-keys', { name: 'script' });
    expect(key.status).toBe(201);
    const viaKey = await new Client(key.body.key).request('POST', '/api/projects', { name: 'key' }, { origin: FOREIGN });
    expect(viaKey.status).toBe(201);
  });

  it('refreshes from the refresh cookie and signs out by clearing both cookies', async () => {
    const { cookie } = await signUpWithCookies();
    const browser = new Client();
    const noHeader = await browser.request('POST', '/api/auth/refresh', {}, { cookie, ...SAME_ORIGIN });
    expect(noHeader.status).toBe(400); // without the header a refresh is the bearer one: it wants the token in the body
    const refreshed = await browser.request('POST', '/api/auth/refresh', {}, { cookie, ...COOKIE_MODE, ...SAME_ORIGIN });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
    const next = jarOf(refreshed.headers);
    expect(next).toMatch(/studio_session=.+; studio_refresh=.+/);
    expect(next).not.toBe(cookie);
    expect((await browser.request('GET', '/api/auth/me', undefined, { cookie: next })).status).toBe(200);

    const out = await browser.request('POST', '/api/auth/logout', undefined, { cookie: next, ...COOKIE_MODE, ...SAME_ORIGIN });
    expect(out.status).toBe(204);
    for (const name of ['studio_session', 'studio_refresh']) expect(setCookie(out.headers, name)).toMatch(/=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    const after = await browser.request('GET', '/api/auth/me', undefined, { cookie: next });
    expect(after.status).toBe(401);
  });

  it('authenticates a same-origin socket by its cookie and refuses a cross-origin one (cross-site WebSocket hijacking)', async () => {
    const { cookie } = await signUpWithCookies();
    const handshake = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(API_URL, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie, origin } });
        socket.once('connect', () => (socket.close(), resolve('connected')));
        socket.once('connect_error', (err) => (socket.close(), resolve(err.message)));
      });
    expect(await handshake(API.origin)).toBe('connected');
    expect(await handshake(FOREIGN)).toBe('UNAUTHORIZED');
    expect(await handshake(`http://${randomUUID()}.${PREVIEW_DOMAIN}:${API.port}`)).toBe('UNAUTHORIZED');
  });

  it('keeps no token in the browser: localStorage is clean after signing up, the cookie is HttpOnly, and the CSP is not violated', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      // Requests still in flight when the person signs out (the page's thumbnails, its role) are refused 401 by
      // the server, as they must be, and Chromium logs each refusal: those alone are expected after the click.
      let signedOut = false;
      page.on('console', (m) => m.type() === 'error' && !(signedOut && /status of 401/.test(m.text())) && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(API_URL);
      await page.getByLabel('Email').fill(uniqueEmail('browser'));
      await page.getByLabel('Password').fill(strongPassword());
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByRole('heading', { name: 'New landing page' }).waitFor();
      // page.evaluate, not a string waitForFunction: that one evals, which the CSP refuses.
      await eventually(async () => ((await page.evaluate(`document.querySelectorAll('.template img').length > 0`)) ? true : undefined), 15_000, 'thumbnails');
      const stored = (await page.evaluate('JSON.stringify(Object.entries(localStorage))')) as string;
      expect(stored).not.toMatch(/eyJ|rt_|sk_|token/i);
      const cookies = await page.context().cookies();
      expect(cookies.find((c) => c.name === 'studio_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      expect((await page.evaluate('document.cookie')) as string).toBe('');
      // A reload stays signed in (the cookie), and signing out ends the server's session.
      await page.reload();
      await page.getByRole('heading', { name: 'New landing page' }).waitFor();
      signedOut = true;
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      expect((await page.context().cookies()).filter((c) => c.name.startsWith('studio_') && c.value)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('CORS and bodies, on an API of their own settings', () => {
  const ALLOWED = 'http://app.example.test';
  let api: AppProcess;
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = new AppProcess('api', { PORT: String(port), CORS_ORIGINS: ALLOWED, HTTP_BODY_TIMEOUT_MS: '1500' });
    await waitForHealth(url);
  });
  afterAll(() => api?.stop());

  const preflight = (base: string, origin: string) =>
    fetch(`${base}/api/projects`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });

  it('reflects no origin by default (the stack sets none), and exactly the configured ones when set', async () => {
    const byDefault = await preflight(API_URL, FOREIGN);
    expect(byDefault.headers.get('access-control-allow-origin')).toBeNull();
    const plainGet = await fetch(`${API_URL}/api/auth/me`, { headers: { origin: FOREIGN } });
    expect(plainGet.headers.get('access-control-allow-origin')).toBeNull();

    const allowed = await preflight(url, ALLOWED);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await preflight(url, FOREIGN);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an anonymous 5 MiB PUT files/raw with 401 before reading its body', async () => {
    const total = 5 * 1024 * 1024;
    const res = await slowUpload(`${API_URL}/api/projects/${randomUUID()}/files/raw?path=src/big.txt`, { 'content-type': 'application/octet-stream' }, total);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('UNAUTHORIZED');
    // The body trickles in over ~8 s; the answer came with at most a few chunks of it sent.
    expect(res.sent).toBeLessThan(total / 4);
  });

  it('refuses an oversized body on a public route without buffering a megabyte of it', async () => {
    const res = await new Client().request('POST', '/api/auth/login', { email: uniqueEmail('big'), password: 'x'.repeat(100 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('gives up on a body that stops arriving: 408 REQUEST_TIMEOUT after HTTP_BODY_TIMEOUT_MS', async () => {
    const user = await signUp('slow', url);
    const res = await slowUpload(`${url}/api/projects/${randomUUID()}/files/raw?path=src/slow.txt`, { authorization: `Bearer ${user.accessToken}` }, 1024 * 1024, 128 * 1024);
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body).error.code).toBe('REQUEST_TIMEOUT');
    expect(res.afterMs).toBeGreaterThanOrEqual(1400);
    expect(res.afterMs).toBeLessThan(10_000);
  });
});
