import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { setRole } from '../../tools/stack/src/admin-role.js';
import { launchBrowser, SCREENSHOTS } from '../templates/support/browser.js';
import { API_URL, Client, connectSocket, emitWithAck, eventually, type SignedUp, signUp, strongPassword } from './support/api.js';
import { EventLog, reply, script, send } from './support/turns.js';
import { clientErrors, collectErrors } from './support/workspace-page.js';

jest.setTimeout(180_000);

/**
 * The account and admin pages of the web client in headless Chromium against the real stack: a person's usage
 * after a turn, their own model key, their activity; an admin's users and queues. Screenshots at desktop width
 * and at 390 px in test-artifacts/screenshots/web-account-*.png.
 */

/** The admin of this file (granted in its beforeAll); no other test signs up with it. */
const ADMIN_EMAIL = 'web-admin@web-account-e2e.test';
const PROJECT = 'Usage page project';
const today = new Date().toISOString().slice(0, 10);

let browser: Browser;
let person: SignedUp;
let projectId: string;
let socket: Socket;
const contexts: BrowserContext[] = [];
const errors: string[] = [];
let step = 0;
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `web-account-${String(++step).padStart(2, '0')}-${name}.png`), fullPage: true });
/**
 * The page's errors but the refusals this test asks for (Chromium logs each as a failed load): the base URL
 * the API refuses, and a non-admin's call to the admin API.
 */
const unexpected = () => clientErrors(errors).filter((e) => !/status of 400 .*\/api\/provider-keys\/openai-compatible\)$/.test(e) && !/status of 403 .*\/api\/admin\/users\?/.test(e));
/** How far the page is wider than the window (0 or less: no sideways scrolling). */
const overflow = (page: Page) => page.evaluate<number>('document.scrollingElement.scrollWidth - window.innerWidth');

/** A browser page signed in as this person through the sign-in form (the session in HttpOnly cookies). */
async function signedIn(email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  contexts.push(context);
  const page = await context.newPage();
  collectErrors(page, errors);
  await page.goto(API_URL);
  await page.getByRole('button', { name: 'Already have an account? Sign in' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'New landing page' }).waitFor();
  return page;
}

/** At 390 px: nothing wider than the window, and a screenshot to look at. */
async function narrow(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await shot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 860 });
}

beforeAll(async () => {
  browser = await launchBrowser();
  // One turn of the scripted model, so the ledger has today's calls for this person's project.
  person = await signUp('web-account');
  const project = await person.client.post('/api/projects', { name: PROJECT });
  projectId = project.body.id;
  socket = await connectSocket(person.accessToken);
  const log = new EventLog(socket);
  expect(await emitWithAck(socket, 'project:join', { projectId: project.body.id })).toMatchObject({ ok: true });
  const s = await script({ reply: reply('Added a note.', { 'src/components/Note.tsx': 'export const Note = () => <p>Counted.</p>;' }) });
  const turnId = await send(socket, project.body.id, `Add a note ${s.marker}`);
  expect((await log.outcome(turnId, 60_000)).name).toBe('turn:completed');
});
afterAll(async () => {
  socket?.close();
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe('the account pages', () => {
  let page: Page;

  it("shows the person's usage after a turn: today's bar, the project, the budget", async () => {
    page = await signedIn(person.email, person.password);
    // Not an admin: no Admin link.
    expect(await page.getByRole('navigation', { name: 'Account' }).getByRole('link').allTextContents()).toEqual(['Usage', 'Keys', 'Activity']);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Usage' }).click();
    await page.locator(`.acct-bar.has-calls[data-day="${today}"]`).waitFor({ timeout: 15_000 });
    const byProject = page.getByRole('region', { name: 'By project' });
    expect(await byProject.locator('tbody th').allTextContents()).toEqual([PROJECT]);
    expect(await page.getByRole('region', { name: 'By model' }).locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('.acct-budget dt').allTextContents()).toEqual(expect.arrayContaining(['Spent', 'Remaining', 'Monthly budget', 'Renews on']));
    // The bar's numbers on focus (the keyboard's hover).
    await page.locator(`.acct-bar[data-day="${today}"]`).focus();
    expect(await page.locator('.acct-chart-head [aria-live]').textContent()).toMatch(new RegExp(`^${today}: \\$[\\d.]+.* tokens · [1-9]\\d* calls?$`));
    await shot(page, 'usage');
    await narrow(page, 'usage');
  });

  it('saves an own key (only its hint shown, the field cleared), deletes it, and puts a refused base URL on its field', async () => {
    await page.goto(`${API_URL}/#/settings`);
    const openai = page.locator('section[data-provider="openai"]');
    await openai.getByLabel('Key', { exact: true }).fill('sk-test-web-account-9f3c');
    await openai.getByRole('button', { name: 'Save key' }).click();
    await openai.locator('.pill.good').filter({ hasText: '9f3c' }).waitFor();
    expect(await openai.getByRole('status').textContent()).toMatch(/9f3c/);
    expect(await openai.getByLabel(/^New key/).inputValue()).toBe('');
    expect(await page.content()).not.toContain('sk-test-web-account');
    // Deleted after a confirmation (the person's turns then count against their budget again, as the admin test needs).
    await openai.getByRole('button', { name: 'Delete…' }).click();
    await openai.getByRole('button', { name: 'Yes, delete' }).click();
    await openai.locator('.pill').filter({ hasText: 'No key' }).waitFor();

    const compatible = page.locator('section[data-provider="openai-compatible"]');
    await compatible.getByLabel('Key', { exact: true }).fill('sk-test-compatible-1234');
    await compatible.getByLabel('Base URL', { exact: true }).fill('http://169.254.169.254/v1');
    await compatible.getByLabel('Model', { exact: true }).fill('meta-llama/Llama-3.1-8B');
    await compatible.getByRole('button', { name: 'Save key' }).click();
    // The refusal is said on the base URL's field (PROVIDER_URL_REFUSED, or VALIDATION_FAILED naming baseUrl).
    await compatible.locator('#key-openai-compatible-baseUrl-error').waitFor();
    expect(await page.locator('#key-openai-compatible-baseUrl').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#key-openai-compatible-apiKey').inputValue()).toBe('');
    await shot(page, 'keys');
    await narrow(page, 'keys');
  });

  it('lists their activity, newest first: the sign-in and the saved key', async () => {
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Activity' }).click();
    const rows = page.locator('.acct-audit-table tbody tr');
    await rows.first().waitFor({ timeout: 15_000 });
    const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['auth.signed_in', 'provider_key.saved', 'provider_key.deleted']));
    expect(actions.indexOf('provider_key.saved')).toBeLessThan(actions.indexOf('auth.signed_in'));
    await page.getByLabel('Action').selectOption('auth.signed_in');
    // Only sign-ins once the filtered page has come.
    await eventually(
      async () => ((await rows.evaluateAll((trs) => trs.length > 0 && trs.every((tr) => tr.getAttribute('data-action') === 'auth.signed_in'))) ? true : undefined),
      15_000,
      'only sign-ins listed',
    );
    await shot(page, 'activity');
    await narrow(page, 'activity');
  });

  it("tells someone who is not an admin that the admin page is for admins, in the API's words", async () => {
    await page.goto(`${API_URL}/#/admin`);
    const refused = page.locator('.admin-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/^Admins only\./);
    expect(unexpected()).toEqual([]);
  });
});

describe('the admin page', () => {
  let page: Page;

  beforeAll(async () => {
    const password = strongPassword();
    const res = await new Client().post('/api/auth/register', { email: ADMIN_EMAIL, password });
    expect(res.status).toBe(201);
    // ADMIN_EMAILS makes only the first admin, and other files may have made one: granted as `./studio admin grant` does.
    await setRole(process.env.DATABASE_URL ?? '', ADMIN_EMAIL, 'admin');
    page = await signedIn(ADMIN_EMAIL, password);
  });

  it('finds a person, disables them and enables them again', async () => {
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByLabel('Email contains').fill(person.email);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.locator(`tr[data-email="${person.email}"]`);
    // The search's answer: this one account (the list before it had every account).
    await eventually(async () => ((await page.locator('.admin-users tbody tr').count()) === 1 && (await row.count()) === 1 ? true : undefined), 15_000, 'the search to find one account');
    await row.getByRole('button', { name: person.email }).click();
    const detail = page.locator('.admin-user');
    await detail.getByRole('button', { name: 'Disable…' }).click();
    await detail.getByRole('button', { name: 'Yes, disable' }).click();
    await row.locator('.pill.bad').filter({ hasText: 'Disabled' }).waitFor();
    expect((await person.client.post('/api/auth/login', { email: person.email, password: person.password })).body.error?.code).toBe('ACCOUNT_DISABLED');
    await shot(page, 'admin-disabled');
    await detail.getByRole('button', { name: 'Enable…' }).click();
    await detail.getByRole('button', { name: 'Yes, enable' }).click();
    await row.locator('.pill.good').filter({ hasText: 'Active' }).waitFor();
    expect((await person.client.post('/api/auth/login', { email: person.email, password: person.password })).status).toBe(200);
    await narrow(page, 'admin-users');
  });

  it("sets a person's budget to nothing, and their next message is refused in the chat with what is left and a link", async () => {
    const detail = page.locator('.admin-user');
    await detail.getByLabel(/^Monthly budget in USD/).fill('0');
    await detail.getByRole('button', { name: 'Set budget' }).click();
    await detail.getByRole('status').filter({ hasText: 'Budget set to $0.00.' }).waitFor();
    expect(await detail.locator('.acct-facts').first().textContent()).toContain('Monthly budget$0.00');

    // Disabling ended the person's sessions: they sign in again, open the project and ask for a change.
    const theirs = await signedIn(person.email, person.password);
    await theirs.goto(`${API_URL}/#/p/${projectId}`);
    await theirs.getByLabel('Message').fill('One more change please');
    await theirs.getByLabel('Message').press('Enter');
    // Refused by chat:send's check (under the composer) or, once queued, by the worker's reservation (the turn's reply).
    const refused = theirs.locator('.chat .acct-turn-error[data-code="BUDGET_EXCEEDED"]').first();
    await refused.waitFor({ timeout: 30_000 }).catch(async (err: Error) => {
      await shot(theirs, 'chat-budget-not-refused');
      throw err;
    });
    expect(await refused.locator('.acct-turn-facts').textContent()).toMatch(/^Left this month: \$0\.00 of \$0\.00 · .*renews on \d{4}-\d{2}-01$/);
    expect(await refused.getByRole('link', { name: 'See your usage' }).getAttribute('href')).toBe('#/usage');
    await shot(theirs, 'chat-budget-exceeded');
  });

  it('shows the queues with their counts', async () => {
    await page.getByRole('tablist', { name: 'Admin' }).getByRole('tab', { name: 'Queues' }).click();
    await page.locator('.admin-queues tbody tr[data-queue]').first().waitFor();
    expect(await page.locator('.admin-queues tbody tr[data-queue="turns"]').count()).toBe(1);
    await shot(page, 'admin-queues');
    await narrow(page, 'admin-queues');
    expect(unexpected()).toEqual([]);
  });
});
