import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { type Client, connectSocket, emitWithAck, type Json, signUp, uniqueEmail } from './support/api.js';
import { launchChromium, SCREENSHOTS } from './support/browser.js';
import { openPreviewPage } from './support/preview-page.js';
import { startPreview } from './support/previews.js';
import { siteHost, siteRequest, siteUrl } from './support/site-host.js';
import { EventLog } from './support/turns.js';
import { verifySignature, WebhookReceiver } from './support/webhook-receiver.js';

/**
 * Issue 19, "Forms that work": the launch template's waitlist form, submitted in headless Chromium. In the
 * preview it posts to the sandbox (docker/preview/agent/form-sandbox.mjs), which shows what would be sent and
 * stores nothing; on the published page it posts to the site's own endpoint, which stores it for the owner
 * (listed, exported as CSV, delivered to a signed `form.submitted` webhook) and refuses a bot filling the
 * honeypot and a flood from one address.
 */
jest.setTimeout(180_000);

/** The stack's FORM_RATE_PER_MINUTE (its default when the stack sets none). */
const RATE_PER_MINUTE = Number(process.env.FORM_RATE_PER_MINUTE ?? 5);
const WAITLIST_THANKS = "You're on the list. We'll email you the moment your invite is ready.";

let browser: Browser;
let socket: Socket;
let receiver: WebhookReceiver;
let owner: Client;
let log: EventLog;
let projectId: string;
/** What the preview's sandbox was sent: never to be found among the site's submissions. */
let sandboxEmail: string;

beforeAll(async () => {
  const user = await signUp('forms');
  owner = user.client;
  const created = await owner.post('/api/projects', { name: 'Tandem launch', templateId: 'launch' });
  expect(created.status).toBe(201);
  projectId = created.body.id;
  socket = await connectSocket(user.accessToken);
  log = new EventLog(socket);
  expect(await emitWithAck(socket, 'project:join', { projectId })).toMatchObject({ ok: true });
  [browser, receiver] = await Promise.all([launchChromium(), WebhookReceiver.start()]);
});

afterAll(async () => {
  socket?.close();
  await Promise.all([browser?.close(), receiver?.close()]);
});

/** Fills the waitlist hero's email field and submits it; resolves with what the form then shows (status or alert). */
async function joinWaitlist(page: Page, email: string): Promise<string> {
  const form = page.locator('#waitlist form');
  await form.getByLabel('Work email').fill(email);
  await form.getByRole('button', { name: 'Join the waitlist' }).click();
  const shown = page.locator('#waitlist [role="status"], #waitlist [role="alert"]').first();
  await shown.waitFor({ timeout: 15_000 });
  return (await shown.innerText()).trim();
}

describe('in the preview, the form posts to a sandbox', () => {
  it('shows what a published page would send, refuses what the site would refuse, and stores nothing', async () => {
    await startPreview(owner, projectId, log, 90_000);
    const view = await openPreviewPage(browser, async () => (await owner.get(`/api/projects/${projectId}/preview`)).body.url, 60_000);
    try {
      expect(view.errors).toEqual([]);
      sandboxEmail = uniqueEmail('sandbox');
      expect(await joinWaitlist(view.page, sandboxEmail)).toBe(`Preview: nothing was sent. Once published, this form sends email: ${sandboxEmail}`);
      await view.page.screenshot({ path: join(SCREENSHOTS, 'forms-preview-sandbox.png') });

      // The sandbox's own answers, asked by the page itself (same origin; Node resolves no *.localhost).
      const ask = ({ method, body, type }: { method: string; body?: string; type: string }) =>
        fetch('/_forms/waitlist', { method, body, headers: { 'content-type': type } }).then(async (res) => ({ status: res.status, body: await res.json().catch(() => undefined) }));
      const post = (data: string | Record<string, unknown>, type = 'application/json') =>
        view.page.evaluate(ask, { method: 'POST', body: typeof data === 'string' ? data : JSON.stringify(data), type });
      expect(await post({ email: 'ada@example.com', _page: '/', company_website: '' })).toEqual({ status: 200, body: { ok: true, sandbox: true, wouldSend: { email: 'ada@example.com' } } });
      expect(await post('email=ada%40example.com&company_website=', 'application/x-www-form-urlencoded')).toEqual({
        status: 200,
        body: { ok: true, sandbox: true, wouldSend: { email: 'ada@example.com' } },
      });
      expect(await post({ email: 'bot@example.com', company_website: 'https://spam.example' })).toMatchObject({ status: 422, body: { error: { code: 'FORM_REJECTED' } } });
      expect(await post({ email: 'x'.repeat(20_000) })).toMatchObject({ status: 413, body: { error: { code: 'FORM_TOO_LARGE' } } });
      expect(await post({ message: 'x'.repeat(5001) })).toMatchObject({ status: 400, body: { error: { code: 'FORM_INVALID' } } });
      expect(await post(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`field${i}`, 'v'])))).toMatchObject({ status: 400, body: { error: { code: 'FORM_INVALID' } } });
      expect(await post({ nested: { not: 'flat' } })).toMatchObject({ status: 400, body: { error: { code: 'FORM_INVALID' } } });
      expect((await view.page.evaluate(ask, { method: 'GET', type: 'text/plain' })).status).toBe(405);
    } finally {
      await view.close();
    }
    // Never published: the project has no site, so nothing can have been stored for it.
    expect((await owner.get(`/api/projects/${projectId}/site/forms/submissions`)).status).toBe(404);
  });
});

/** A POST to the site host as a browser on `address` would send it (one trusted proxy hop says which address). */
async function postToSite(slug: string, body: Json, address: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Json }> {
  const res = await siteRequest(siteHost(slug), '/_forms/waitlist', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify(body) });
  const text = res.body.toString('utf8');
  let json: Json = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, headers: res.headers, body: json };
}

describe('on the published page, the form posts to the site', () => {
  let slug: string;
  let pageUrl: string;

  beforeAll(async () => {
    const started = await owner.post(`/api/projects/${projectId}/deployments`, {});
    expect(started.status).toBe(202);
    const deploymentId = started.body.id as string;
    await log.waitFor((e) => (e.name === 'deployment:ready' || e.name === 'deployment:failed') && e.payload.deploymentId === deploymentId, 150_000, 'the deployment');
    expect(log.events.find((e) => e.name === 'deployment:failed')?.payload).toBeUndefined();
    const site = await owner.get(`/api/projects/${projectId}/site`);
    expect(site.body).toMatchObject({ liveDeploymentId: deploymentId });
    slug = site.body.slug;
    pageUrl = siteUrl(slug);
  }, 170_000);

  it('stores a submission from Chromium: listed, exported as CSV, delivered to a signed form.submitted webhook', async () => {
    const secret = 'whsec-e2e-forms-0123456789';
    const hook = await owner.post('/api/webhooks', { url: receiver.url('/forms'), events: ['form.submitted'], secret });
    expect(hook.status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()}: ${r.url()}`));
    const email = uniqueEmail('visitor');
    try {
      expect((await page.goto(pageUrl, { waitUntil: 'networkidle' }))?.status()).toBe(200);
      expect(await joinWaitlist(page, email)).toBe(WAITLIST_THANKS);
      await page.screenshot({ path: join(SCREENSHOTS, 'forms-published-thanks.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // Listed for the owner, with the page it was on; the honeypot and the page field are not data.
    const listed = await owner.get(`/api/projects/${projectId}/site/forms/submissions`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([{ id: expect.any(String), form: 'waitlist', page: '/', data: { email }, createdAt: expect.any(String) }]);
    // Nothing of the preview's sandbox reached the site.
    expect(JSON.stringify(listed.body)).not.toContain(sandboxEmail);
    const submissionId = listed.body.items[0].id as string;
    expect((await owner.get(`/api/projects/${projectId}/site/forms/submissions?form=newsletter`)).body.items).toEqual([]);

    const csv = await owner.request('GET', `/api/projects/${projectId}/site/forms/submissions.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment/);
    const rows = String(csv.body).trim().split(/\r?\n/);
    expect(rows[0]).toBe('created_at,form,page,email');
    expect(rows.slice(1)).toEqual([expect.stringMatching(new RegExp(`^[^,]+,waitlist,/,${email.replace(/[.+]/g, '\\$&')}$`))]);

    const delivery = await receiver.waitFor((d) => d.path === '/forms' && d.json?.data?.submissionId === submissionId, 20_000, 'form.submitted');
    expect(delivery.json).toEqual({
      id: expect.any(String),
      event: 'form.submitted',
      createdAt: expect.any(String),
      data: { projectId, siteId: expect.any(String), form: 'waitlist', page: '/', submissionId, data: { email } },
    });
    expect(delivery.headers['x-studio-event']).toBe('form.submitted');
    expect(verifySignature(delivery, secret)).toBe(true);

    // Another user sees none of it.
    const stranger = await signUp('forms-stranger');
    expect((await stranger.client.get(`/api/projects/${projectId}/site/forms/submissions`)).status).toBe(404);
  });

  it('refuses a bot that fills the honeypot (422 FORM_REJECTED), and stores nothing of it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(pageUrl, { waitUntil: 'networkidle' });
      // What a bot does and a person cannot: fill the field hidden from view, the keyboard and screen readers.
      await page.locator('#waitlist input[name="company_website"]').fill('https://cheap-pills.example', { force: true });
      const [answer, shown] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/_forms/waitlist')), joinWaitlist(page, 'bot@example.com')]);
      expect(answer.status()).toBe(422);
      expect((await answer.json()).error.code).toBe('FORM_REJECTED');
      // The page says so (the endpoint's message), and no thanks.
      expect(shown).not.toBe(WAITLIST_THANKS);
      expect(await page.locator('#waitlist [role="alert"]').innerText()).toBe(shown);
    } finally {
      await context.close();
    }
    const direct = await postToSite(slug, { email: 'bot2@example.com', company_website: 'x' }, '10.77.0.1');
    expect(direct).toMatchObject({ status: 422, body: { error: { code: 'FORM_REJECTED' } } });
    const listed = await owner.get(`/api/projects/${projectId}/site/forms/submissions`);
    expect(JSON.stringify(listed.body)).not.toMatch(/bot2?@example\.com/);
  });

  it('refuses a flood from one address after FORM_RATE_PER_MINUTE (429 FORM_RATE_LIMITED), and not the next visitor', async () => {
    const address = `10.88.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    const answers: Awaited<ReturnType<typeof postToSite>>[] = [];
    for (let i = 0; i <= RATE_PER_MINUTE; i++) answers.push(await postToSite(slug, { email: `flood-${i}@example.com`, _page: '/' }, address));
    expect(answers.map((a) => a.status)).toEqual([...Array.from({ length: RATE_PER_MINUTE }, () => 201), 429]);
    const limited = answers.at(-1)!;
    expect(limited.body.error.code).toBe('FORM_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(answers[0].body).toEqual({ ok: true, id: expect.any(String) });
    // The limit is per address: someone else is still heard.
    expect((await postToSite(slug, { email: 'next@example.com' }, '10.99.0.1')).status).toBe(201);
    const stored = (await owner.get(`/api/projects/${projectId}/site/forms/submissions?limit=100`)).body.items.map((s: Json) => s.data.email);
    expect(stored.filter((e: string) => e.startsWith('flood-')).sort()).toEqual(Array.from({ length: RATE_PER_MINUTE }, (_, i) => `flood-${i}@example.com`).sort());
  });
});
