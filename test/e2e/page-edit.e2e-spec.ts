import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOTS } from '../templates/support/browser.js';
import { API_URL, Client, eventually, strongPassword, uniqueEmail } from './support/api.js';
import { previewFrame } from './support/workspace-page.js';

jest.setTimeout(240_000);

/**
 * Edits on the page (issue 20) in headless Chromium against the real stack: the person turns on edit mode in
 * the preview, changes the hero's heading in place, and the source changes by exactly that text as a new
 * version the preview shows by a hot update; the same edit against a head that moved shows the conflict and
 * keeps the text; text the page computes is refused. Screenshots: test-artifacts/screenshots/page-edit-*.png.
 *
 * The client is opened at the stack's PUBLIC_URL (by default http://localhost:<port>, not API_URL's 127.0.0.1):
 * the preview's bridge talks to that origin only (STUDIO_APP_ORIGIN).
 */
const APP_URL =
  process.env.PUBLIC_URL ??
  (() => {
    const url = new URL(API_URL);
    url.hostname = 'localhost';
    return url.origin;
  })();

const TITLE = 'Every answer about your product, in plain language.';
const EDITED = 'Every answer about your launch, in plain words.';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let api: Client;
let projectId: string;
/** Console errors and page errors (a cut load shows here as ERR_NETWORK_CHANGED). */
const errors: string[] = [];
/** The client's own uncaught errors: none is expected. */
const pageErrors: string[] = [];
let step = 0;
/**
 * A screenshot of the client with the preview as it is now: the preview is another site, drawn by its own
 * process, so the frame is let to paint twice first (else the shot may show it a few moments old).
 */
const shot = async (name: string, frame?: Frame) => {
  if (frame) await frame.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
  await page.screenshot({ path: join(SCREENSHOTS, `page-edit-${String(++step).padStart(2, '0')}-${name}.png`) });
};

/**
 * The app's Socket.IO connection passes through here, so a test can hold back the preview's word that it
 * serves a new version (`preview:updated`): the page then still shows the version the edit is made on, as
 * when a person commits an edit just as another version lands.
 */
let holdPreviewUpdates = false;
const held: (() => void)[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${e.message}\n${e.stack}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()} (${m.location().url})`));
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((message) => {
      if (holdPreviewUpdates && String(message).includes('"preview:updated"')) held.push(() => ws.send(message));
      else ws.send(message);
    });
  });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** Browser-side checks as strings (no DOM types in the tests' TypeScript). */
const frameShows = (frame: Frame, selector: string, text: string) =>
  frame.waitForFunction(`document.querySelector(${JSON.stringify(selector)})?.textContent?.includes(${JSON.stringify(text)})`, undefined, { timeout: 30_000 });

/** Clicks an element in the preview until the bridge has made it editable (edit mode reaches the frame by message). */
async function startEditing(frame: Frame, selector: string) {
  await eventually(
    async () => {
      await frame.click(selector);
      return (await frame.getAttribute(selector, 'contenteditable')) === 'plaintext-only' ? true : undefined;
    },
    15_000,
    `${selector} editable in the preview`,
  );
}

/** Replaces the text of the element being edited and commits it with Enter. */
async function typeAndCommit(frame: Frame, selector: string, text: string) {
  await frame.focus(selector);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const fileAt = async (path: string, version: number) => {
  const res = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}&version=${version}`, { headers: { authorization: `Bearer ${api.token}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
};
const head = async () => (await api.get(`/api/projects/${projectId}`)).body.headVersion as number;

describe('edits on the page', () => {
  it('edits the hero heading in place: a new version that changes only that text, shown without a reload, named in the versions list', async () => {
    const email = uniqueEmail('page-edit');
    const password = strongPassword();
    await page.goto(APP_URL);
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByLabel('Project name').fill('Edit on the page');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/#\/p\/[0-9a-f-]{36}/);
    projectId = /#\/p\/([0-9a-f-]{36})/.exec(page.url())![1];
    api = new Client();
    const login = await api.post('/api/auth/login', { email, password });
    expect(login.status).toBe(200);
    api.token = login.body.accessToken;

    const frame = await previewFrame(page, errors);
    await frameShows(frame, 'h1', TITLE);
    await page.getByTestId('preview-status').filter({ hasText: 'Live' }).waitFor({ timeout: 60_000 });
    // Set on the page's window: it survives hot updates and is gone after a reload.
    await frame.evaluate(`window.__kept = 'same page'`);
    const before = await head();

    const toggle = page.getByRole('button', { name: 'Edit on page' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    // Every element the project renders says where it is written.
    expect(await frame.getAttribute('h1', 'data-studio-loc')).toMatch(/^src\/components\/Hero\.tsx:\d+:\d+$/);
    await startEditing(frame, 'h1');
    await shot('editing-heading', frame);
    await typeAndCommit(frame, 'h1', EDITED);

    const outcome = page.getByTestId('page-edit-outcome');
    await outcome.filter({ hasText: 'Saved as version' }).waitFor({ timeout: 30_000 });
    const after = await head();
    expect(after).toBe(before + 1);

    // The new version is the person's, and differs from the one before only in that text, in App.tsx
    // (the heading's text is the `title` App.tsx passes to the hero).
    const versions = (await api.get(`/api/projects/${projectId}/versions`)).body;
    expect(versions[0]).toMatchObject({ number: after, source: 'user', changes: [{ action: 'write', path: 'src/App.tsx' }] });
    expect(versions[0].message).toContain(EDITED.slice(0, 20));
    const listed = async (version: number) =>
      new Map(((await api.get(`/api/projects/${projectId}/files?version=${version}`)).body as { path: string; sha256: string }[]).map((f) => [f.path, f.sha256]));
    const [filesBefore, filesAfter] = [await listed(before), await listed(after)];
    expect([...filesAfter.keys()].sort()).toEqual([...filesBefore.keys()].sort());
    expect([...filesAfter].filter(([path, sha]) => filesBefore.get(path) !== sha).map(([path]) => path)).toEqual(['src/App.tsx']);
    const [appBefore, appAfter] = [await fileAt('src/App.tsx', before), await fileAt('src/App.tsx', after)];
    expect(appBefore.toString('utf8').split(TITLE)).toHaveLength(2);
    expect(appAfter.equals(Buffer.from(appBefore.toString('utf8').replace(TITLE, EDITED), 'utf8'))).toBe(true);

    // The preview shows it by a hot update: the same page (the marker survived), not a reload.
    await frameShows(frame, 'h1', EDITED);
    await page.locator('.preview-bar').getByText(`version ${after}`, { exact: true }).waitFor({ timeout: 30_000 });
    expect(await frame.evaluate('window.__kept')).toBe('same page');
    expect(await frame.getAttribute('h1', 'contenteditable')).toBeNull();
    await shot('heading-saved', frame);

    await page.getByRole('tab', { name: 'Versions' }).click();
    await page
      .locator(`li[data-version="${after}"]`)
      .filter({ hasText: `Edited "${EDITED}" on the page` })
      .waitFor({ timeout: 30_000 });
    await shot('versions-list');
    await page.getByRole('tab', { name: 'Preview' }).click();
  });

  it('refuses the same edit against a head that moved, keeps the typed text, and applies it to the latest version on request', async () => {
    const frame = await previewFrame(page, errors);
    const shown = await head();
    await page.locator('.preview-bar').getByText(`version ${shown}`, { exact: true }).waitFor({ timeout: 30_000 });
    // Someone else's change lands (a file the page does not use); the preview has not said it serves it yet.
    holdPreviewUpdates = true;
    const put = await api.request('PUT', `/api/projects/${projectId}/files/raw?path=NOTES.md&baseVersion=${shown}`, '# Notes\n', { 'content-type': 'application/octet-stream' });
    expect(put.status).toBe(200);
    const moved = put.body.version as number;

    const typed = 'Every answer about your launch, typed while it moved.';
    await startEditing(frame, 'h1');
    await typeAndCommit(frame, 'h1', typed);
    const refused = page.locator('[data-testid="page-edit-outcome"][data-code="VERSION_CONFLICT"]');
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.textContent()).toMatch(/The page changed since .*your text is kept/);
    // The person's text is still there, in the client; the page shows what the source holds.
    expect(await refused.getByLabel('Your text').inputValue()).toBe(typed);
    await frameShows(frame, 'h1', EDITED);
    expect(await head()).toBe(moved);
    await shot('conflict-kept', frame);

    await refused.getByRole('button', { name: 'Apply to the latest version' }).click();
    await page
      .getByTestId('page-edit-outcome')
      .filter({ hasText: `Saved as version ${moved + 1}` })
      .waitFor({ timeout: 30_000 });
    expect((await fileAt('src/App.tsx', moved + 1)).toString('utf8')).toContain(typed);
    expect((await fileAt('NOTES.md', moved + 1)).toString('utf8')).toBe('# Notes\n');
    holdPreviewUpdates = false;
    for (const release of held.splice(0)) release();
    await frameShows(frame, 'h1', typed);
    expect(await frame.evaluate('window.__kept')).toBe('same page');
  });

  it('refuses clearly to edit text the page computes (the footer’s year), and puts the text back', async () => {
    const frame = await previewFrame(page, errors);
    const before = await head();
    const notice = 'footer p:has-text("All rights reserved")';
    const shown = (await frame.textContent(notice))!;
    expect(shown).toMatch(/© \d{4} /);
    await frame.locator(notice).scrollIntoViewIfNeeded();
    await startEditing(frame, notice);
    await typeAndCommit(frame, notice, '© 1999 Somebody else');
    const refused = page.locator('[data-testid="page-edit-outcome"][data-code="EDIT_NOT_EDITABLE"]');
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.textContent()).toMatch(/made by the page’s code/);
    expect(await refused.getByLabel('Your text').inputValue()).toBe('© 1999 Somebody else');
    await eventually(async () => ((await frame.textContent(notice)) === shown ? true : undefined), 10_000, 'the computed text put back');
    expect(await head()).toBe(before);
    await frame.locator(notice).scrollIntoViewIfNeeded();
    await shot('computed-refused', frame);
  });

  it('changes a link’s target with the small form (the click does not follow it): the href in the source changes, the page follows', async () => {
    const frame = await previewFrame(page, errors);
    const link = '#top a:has-text("See how it works")';
    const before = await head();
    await frame.click(link);
    const form = page.getByRole('form', { name: 'Edit the link' });
    await form.waitFor({ timeout: 15_000 });
    expect(await form.getByLabel('Link target').inputValue()).toBe('#how-it-works');
    await form.getByLabel('Link target').fill('#pricing');
    await shot('link-form', frame);
    await form.getByRole('button', { name: 'Save' }).click();
    await page
      .getByTestId('page-edit-outcome')
      .filter({ hasText: `Saved as version ${before + 1}` })
      .waitFor({ timeout: 30_000 });
    await form.waitFor({ state: 'detached' });
    // The href lives in the literal App.tsx passes to the hero; only it changed.
    const [appBefore, appAfter] = [(await fileAt('src/App.tsx', before)).toString('utf8'), (await fileAt('src/App.tsx', before + 1)).toString('utf8')];
    const literal = "secondaryAction={{ label: 'See how it works', href: '#how-it-works' }}";
    expect(appBefore).toContain(literal);
    expect(appAfter).toBe(appBefore.replace(literal, literal.replace('#how-it-works', '#pricing')));
    await eventually(async () => ((await frame.getAttribute(link, 'href')) === '#pricing' ? true : undefined), 30_000, 'the link’s new target on the page');
    expect(await frame.evaluate('location.hash')).toBe('');
    expect(await frame.evaluate('window.__kept')).toBe('same page');
  });

  it('shows the page at a phone’s width, edit mode and width kept in the address', async () => {
    await page.getByRole('group', { name: 'Preview width' }).getByRole('button', { name: 'Phone' }).click();
    // The page inside is laid out at the phone's width.
    const frame = await previewFrame(page, errors);
    await eventually(async () => ((await frame.evaluate('window.innerWidth')) === 390 ? true : undefined), 10_000, 'the page 390 px wide');
    expect(page.url()).toMatch(/[?&]device=phone/);
    expect(page.url()).toMatch(/[?&]edit=1/);
    await shot('phone-width', frame);
    expect(pageErrors).toEqual([]);
  });
});
