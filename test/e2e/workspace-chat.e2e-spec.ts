import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOTS } from '../templates/support/browser.js';
import { API_URL, eventually, signUp, strongPassword, uniqueEmail } from './support/api.js';
import { reply, script } from './support/turns.js';
import { clientErrors, collectErrors } from './support/workspace-page.js';

jest.setTimeout(240_000);

/**
 * The workspace's conversation and checkpoints in headless Chromium against the real stack and the scripted
 * model: a reply renders as Markdown while it streams (and its HTML never runs), the turn can be stopped, and a
 * version is named, found and restored. Screenshots in test-artifacts/screenshots/chat-*.png.
 */
let browser: Browser;
let context: BrowserContext;
let page: Page;
let projectId = '';
const errors: string[] = [];
let step = 0;
const shot = (name: string, of?: string) => {
  const path = join(SCREENSHOTS, `chat-${String(++step).padStart(2, '0')}-${name}.png`);
  return of ? page.locator(of).screenshot({ path }) : page.screenshot({ path });
};

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  collectErrors(page, errors);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** A page-side expression's value (a string: the client's CSP forbids page.waitForFunction's eval). */
const inPage = (expression: string) => page.evaluate(expression);

/** The Versions panel on screen: the workspace shows it as a tab (when it has tabs), mounted the first time it is picked. */
async function showVersions() {
  await page.locator('section.chat').waitFor({ timeout: 30_000 });
  const tab = page.getByRole('tab', { name: /^Versions/ });
  if (await tab.count()) await tab.click();
  await page.locator('section.versions').waitFor();
}

/** The API as the signed-in page calls it (the context shares the page's session cookies). */
async function apiGet<T>(path: string): Promise<T> {
  const res = await page.request.get(`${API_URL}${path}`, { headers: { 'x-studio-session': 'cookie' } });
  if (!res.ok()) throw new Error(`GET ${path} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

// Every Markdown feature the chat must render, and HTML that must never run: heading and list first, so they
// are on screen long before the reply ends.
const PADDING = 'This last paragraph is here so that the reply streams for a few seconds more. '.repeat(3).trim();
const REPLY_MARKDOWN = `## A calmer hero

I changed three things:

- the **headline** is shorter
- the button says \`Start free\`
- the note under it is gone

<script>window.__replyScript = 1</script>

An inline <img src="/x.png" onerror="window.__replyImage = 1"> stays text, and so does ![a tracking pixel](https://example.com/pixel.png).

See [the guide](https://example.com/guide) or [this link](javascript:alert(1)).

| Section | Before | After |
| --- | --- | --- |
| Hero | Long | Short |
| Pricing | 3 plans | 3 plans |

\`\`\`tsx
export const Note = () => <p className="note">Free for 14 days</p>;
\`\`\`

${PADDING}`;

const NOTE = 'export const Note = () => <p className="note">Free for 14 days</p>;';

describe('the workspace conversation and checkpoints', () => {
  it('opens a new project', async () => {
    await page.goto(API_URL);
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel('Email').fill(uniqueEmail('chat'));
    await page.getByLabel('Password').fill(strongPassword());
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'New landing page' }).waitFor();
    await page.getByLabel('Project name').fill('Readable replies');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/#\/p\/[0-9a-f-]{36}/);
    projectId = /#\/p\/([0-9a-f-]{36})/.exec(page.url())![1];
    await showVersions();
    await page.locator('li[data-version="1"]').waitFor({ timeout: 30_000 });
  });

  it('renders the reply as Markdown while it streams, never runs its HTML, and shows the usage after', async () => {
    // A new file too, so the turn makes a version (a reply that changes nothing makes none): ~9 s of streaming.
    const s = await script({ reply: reply(REPLY_MARKDOWN, { 'src/components/Note.tsx': NOTE }), chunkChars: 4, chunkDelayMs: 40 });
    await page.getByLabel('Message').fill(`Make the hero calmer ${s.marker}`);
    await page.getByLabel('Message').press('Enter');

    // While the turn still runs (its reply marked running), the heading and the list items are already elements.
    const running = page.locator('.reply[data-status="running"]');
    await running.locator('.markdown h2', { hasText: 'A calmer hero' }).waitFor({ timeout: 60_000 });
    await running.locator('.markdown li').first().waitFor({ timeout: 10_000 });
    expect(await running.getByRole('button', { name: 'Stop' }).isVisible()).toBe(true);
    expect(await running.locator('.markdown strong').first().textContent()).toBe('headline');
    await shot('streaming', '.chat');

    const done = page.locator('.reply[data-status="completed"]');
    await done.waitFor({ timeout: 90_000 });
    const md = done.locator('.markdown');
    expect(await md.locator('h2').textContent()).toBe('A calmer hero');
    expect(await md.locator('ul > li').allTextContents()).toEqual(['the headline is shorter', 'the button says Start free', 'the note under it is gone']);
    expect(await md.locator('li code').textContent()).toBe('Start free');
    expect(await md.locator('table th').allTextContents()).toEqual(['Section', 'Before', 'After']);
    expect(await md.locator('table tbody tr').count()).toBe(2);
    // The code block: a <pre><code>, highlighted (a keyword and a string are marked), every character kept.
    const block = md.locator('pre.reply-code code');
    expect(await block.textContent()).toBe('export const Note = () => <p className="note">Free for 14 days</p>;');
    expect(await block.locator('.tok-keyword').first().textContent()).toBe('export');
    expect(await block.locator('.tok-string').first().textContent()).toBe('"note"');
    // The reply's HTML is shown as text: no element made from it, nothing of it ran, no picture fetched.
    expect(await md.locator('script, img, iframe').count()).toBe(0);
    expect(await md.textContent()).toContain('<script>window.__replyScript = 1</script>');
    expect(await md.textContent()).toContain('<img src="/x.png" onerror="window.__replyImage = 1">');
    expect(await md.locator('.reply-image').textContent()).toBe('[image: a tracking pixel]');
    expect(await inPage('[typeof window.__replyScript, typeof window.__replyImage]')).toEqual(['undefined', 'undefined']);
    // A web link opens outside the app without an opener; a javascript: link is its text only.
    const guide = md.getByRole('link', { name: 'the guide' });
    expect([await guide.getAttribute('href'), await guide.getAttribute('target'), await guide.getAttribute('rel')]).toEqual(['https://example.com/guide', '_blank', 'noopener noreferrer']);
    expect(await md.getByRole('link', { name: 'this link' }).count()).toBe(0);
    expect(await md.locator('.reply-link-refused').textContent()).toBe('this link');
    // The usage line once the turn is done; no Stop any more.
    expect(await done.locator('.usage').textContent()).toMatch(/in \/ .* out · \$\d/);
    expect(await done.getByRole('button', { name: 'Stop' }).count()).toBe(0);
    await shot('reply', '.reply[data-status="completed"]');
  });

  it('stops a running turn with Stop: it ends cancelled and makes no version', async () => {
    const s = await script({ reply: reply('This reply streams slowly so that it can be stopped. '.repeat(20)), chunkChars: 4, chunkDelayMs: 40 });
    await page.getByLabel('Message').fill(`Write a long answer ${s.marker}`);
    await page.getByLabel('Message').press('Enter');
    const running = page.locator('.reply[data-status="running"]');
    await running.locator('.markdown p').waitFor({ timeout: 60_000 });
    await running.getByRole('button', { name: 'Stop' }).click();
    await page.locator('.reply[data-status="cancelled"]').filter({ hasText: 'Cancelled' }).waitFor({ timeout: 30_000 });
    expect((await apiGet<{ number: number }[]>(`/api/projects/${projectId}/versions`)).map((v) => v.number)).toEqual([2, 1]);
  });

  it('names a version from the keyboard, marks it, finds it by the filter, and restores it', async () => {
    await showVersions();
    await page.locator('li[data-version="2"]').waitFor({ timeout: 30_000 });
    const v1 = page.locator('li[data-version="1"]');

    // Escape leaves a version as it was.
    await page.getByRole('button', { name: 'Name version 2' }).click();
    await page.getByLabel('Name for version 2').fill('Not kept');
    await page.getByLabel('Name for version 2').press('Escape');
    expect(await page.getByLabel('Name for version 2').count()).toBe(0);
    expect(await page.locator('li[data-version="2"]').getAttribute('data-named')).toBeNull();

    // From the keyboard: the Name button, Enter, type, Enter; the focus comes back to the (now Rename) button.
    await page.getByRole('button', { name: 'Name version 1' }).focus();
    await page.keyboard.press('Enter');
    await eventually(async () => ((await inPage('document.activeElement?.id')) === 'version-name-1' ? true : undefined), 5_000, 'the name field to take the focus');
    await page.keyboard.type('Before the redesign');
    await page.keyboard.press('Enter');
    await v1.locator('.version-name', { hasText: 'Before the redesign' }).waitFor();
    expect(await v1.getAttribute('data-named')).toBe('true');
    expect(await inPage('document.activeElement?.getAttribute("aria-label")')).toBe('Rename version 1');
    const listed = await apiGet<{ number: number; name?: string }[]>(`/api/projects/${projectId}/versions`);
    expect(listed.map((v) => [v.number, v.name])).toEqual([
      [2, undefined],
      [1, 'Before the redesign'],
    ]);
    await shot('named', '.versions');

    // Found by a word of its name (any case), and by "Named only".
    const rows = page.locator('.version-list > li');
    await page.getByLabel('Find a version').fill('REDESIGN');
    await eventually(async () => ((await rows.count()) === 1 ? true : undefined), 10_000, 'the filter to leave one version');
    expect(await rows.first().getAttribute('data-version')).toBe('1');
    await shot('filtered', '.versions');
    await page.getByLabel('Find a version').fill('no such words');
    await page.locator('.versions-empty').waitFor();
    await page.getByLabel('Find a version').fill('');
    await eventually(async () => ((await rows.count()) === 2 ? true : undefined), 10_000, 'the whole list again');
    await page.getByLabel('Named only').check();
    await eventually(async () => ((await rows.count()) === 1 ? true : undefined), 5_000, 'only the named version');
    expect(await rows.first().getAttribute('data-version')).toBe('1');

    // Restored from where it was found: a new head (3) whose files equal the checkpoint's.
    await v1.getByRole('button', { name: 'Restore' }).click();
    await page.getByLabel('Named only').uncheck();
    const v3 = page.locator('li[data-version="3"]');
    await v3.waitFor({ timeout: 30_000 });
    expect(await v3.textContent()).toContain('Restored version 1');
    await v3.locator('.pill', { hasText: 'Current' }).waitFor();
    expect(await apiGet<unknown[]>(`/api/projects/${projectId}/versions/3/diff?against=1`)).toEqual([]);
    expect(await v1.getAttribute('data-named')).toBe('true');
    await shot('restored', '.versions');
    expect(clientErrors(errors)).toEqual([]);
  });
});

describe('PATCH /api/projects/:id/versions/:n', () => {
  it('names and unnames a version; refuses a bad name, a missing version and another person’s project', async () => {
    const owner = await signUp('names');
    const other = await signUp('names-other');
    const id = (await owner.client.post('/api/projects', { name: 'Names' })).body.id as string;

    const named = await owner.client.patch(`/api/projects/${id}/versions/1`, { name: '  Before the redesign  ' });
    expect([named.status, named.body.number, named.body.name, named.body.source]).toEqual([200, 1, 'Before the redesign', 'template']);
    expect((await owner.client.get(`/api/projects/${id}/versions?q=redesign`)).body.map((v: { number: number }) => v.number)).toEqual([1]);
    expect((await owner.client.get(`/api/projects/${id}/versions?q=nothing`)).body).toEqual([]);

    for (const body of [{ name: '' }, { name: 'x'.repeat(101) }, {}, { name: 'a\u0000b' }]) {
      const refused = await owner.client.patch(`/api/projects/${id}/versions/1`, body);
      expect([refused.status, refused.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const missing = await owner.client.patch(`/api/projects/${id}/versions/9`, { name: 'Later' });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'VERSION_NOT_FOUND']);
    const theirs = await other.client.patch(`/api/projects/${id}/versions/1`, { name: 'Hijacked' });
    expect([theirs.status, theirs.body.error.code]).toEqual([404, 'PROJECT_NOT_FOUND']);
    expect((await owner.client.get(`/api/projects/${id}/versions?q=${encodeURIComponent('\u0000')}`)).status).toBe(400);

    const unnamed = await owner.client.patch(`/api/projects/${id}/versions/1`, { name: null });
    expect([unnamed.status, 'name' in unnamed.body]).toEqual([200, false]);
    expect((await owner.client.get(`/api/projects/${id}/versions`)).body[0].name).toBeUndefined();
  });
});
