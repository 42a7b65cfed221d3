import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import sharp from 'sharp';
import { unzip } from '../../libs/files/src/testing/unzip.js';
import { launchBrowser, SCREENSHOTS } from '../templates/support/browser.js';
import { API_URL, eventually, strongPassword, uniqueEmail } from './support/api.js';
import { LANDING_HERO_PROPS, reply, script } from './support/turns.js';
import { clientErrors, collectErrors, previewFrame } from './support/workspace-page.js';

jest.setTimeout(240_000);

/**
 * The web client in headless Chromium against the real stack and the scripted model: the path a new user
 * takes, one screenshot per step in test-artifacts/screenshots/web-*.png.
 */
const HERO = `export default function Hero(_props: ${LANDING_HERO_PROPS}) {
  return (
    <section id="top" aria-labelledby="hero-title" className="px-6 py-24 text-center">
      <h1 id="hero-title" className="text-5xl font-bold">Launch day, live</h1>
    </section>
  );
}`;

let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];
let step = 0;
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `web-${String(++step).padStart(2, '0')}-${name}.png`) });

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  collectErrors(page, errors);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/**
 * Waits until a page-side expression (a string: no DOM types here) is true. Not page.waitForFunction: it
 * evaluates a string predicate with eval, which the client's CSP (no 'unsafe-eval') rightly refuses.
 */
const pageShows = (expression: string, what: string) => eventually(async () => ((await page.evaluate(expression)) ? true : undefined), 15_000, what);

/** Waits for an upload's outcome on screen; on a timeout, says what the uploads and the console showed instead. */
async function uploadShows(locator: ReturnType<Page['locator']>, what: string) {
  await locator.waitFor({ timeout: 60_000 }).catch(async (err: Error) => {
    const uploads = await page
      .locator('.upload-list, .picture-chips')
      .allTextContents()
      .catch(() => []);
    throw new Error(`${err.message}\nwaiting for ${what}: the uploads show ${JSON.stringify(uploads)}; console errors: ${JSON.stringify(errors.slice(-5))}`);
  });
}

/** Shows one of the workspace's tabs (the chat stays beside them at this width). */
const openTab = (name: string) => page.getByRole('tablist', { name: 'Workspace' }).getByRole('tab', { name, exact: true }).click();

/** Waits until the page in the preview shows this in its h1 (browser-side code as strings: no DOM types here). */
const headingShows = (frame: Frame, text: string) => frame.waitForFunction(`document.querySelector('h1')?.textContent?.includes(${JSON.stringify(text)})`, undefined, { timeout: 30_000 });

describe('the web client', () => {
  it('signs up, creates a project from a template, and shows its live preview', async () => {
    await page.goto(API_URL);
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await shot('sign-up');
    await page.getByLabel('Email').fill(uniqueEmail('web'));
    await page.getByLabel('Password').fill(strongPassword());
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'New landing page' }).waitFor();
    // The template thumbnails are real images (fetched with the session's token).
    await pageShows(
      `[...document.querySelectorAll('.template img')].length === 4 && [...document.querySelectorAll('.template img')].every((i) => i.complete && i.naturalWidth > 0)`,
      'four template thumbnails',
    );
    await shot('projects');

    await page.getByLabel('Project name').fill('Launch page');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/#\/p\/[0-9a-f-]{36}$/);
    // The workspace opens on the preview, beside the chat.
    expect(await page.getByRole('tab', { name: 'Preview', exact: true }).getAttribute('aria-selected')).toBe('true');
    const frame = await previewFrame(page, errors);
    await headingShows(frame, 'Every answer about your product');
    await page.getByTestId('preview-status').filter({ hasText: 'Live' }).waitFor({ timeout: 60_000 });
    await shot('preview');
  });

  it('streams the reply into the chat and changes the preview without reloading it', async () => {
    const frame = await previewFrame(page, errors);
    // Set on the page's window: it survives hot updates and is gone after a reload.
    await frame.evaluate(`window.__kept = 'same page'`);
    const words = 'I rewrote the hero so the launch is the first thing people read. '.repeat(4).trim();
    const s = await script({ reply: reply(words, { 'src/components/Hero.tsx': HERO }), chunkChars: 6, chunkDelayMs: 25 });
    await page.getByLabel('Message').fill(`Make the hero about launch day ${s.marker}`);
    await page.getByLabel('Message').press('Enter');
    // Part of the reply is on screen while the turn still runs.
    await page.locator('.reply[data-status="running"] .reply-text').waitFor({ timeout: 30_000 });
    // The same reply whatever its status by now (it may complete while this reads it).
    const partial = await page.locator('.reply .reply-text').last().textContent();
    expect(words.startsWith(partial!.trim().slice(0, 20))).toBe(true);
    await shot('streaming');
    await headingShows(frame, 'Launch day, live');
    expect(await frame.evaluate('window.__kept')).toBe('same page');
    // After the staged files show, the turn still type-checks, loads the page once in Chromium and commits: on a
    // busy machine (other suites' stacks beside this one) that has taken over 30 s.
    await page.locator('.reply[data-status="completed"]').filter({ hasText: 'Version 2' }).waitFor({ timeout: 90_000 });
    expect(await page.locator('.reply[data-status="completed"] .files').textContent()).toContain('src/components/Hero.tsx');
    expect(await page.locator('.reply[data-status="completed"] .usage').textContent()).toMatch(/in \/ .* out · \$/);
    await shot('preview-changed');
  });

  it('picks up a turn in progress after a reload and completes it on screen', async () => {
    const words = 'This reply is long on purpose, so that the page can be reloaded while it is still streaming in. '.repeat(6).trim();
    const s = await script({ reply: reply(words, { 'src/components/Note.tsx': 'export const Note = () => <p>Saved while reloading.</p>;' }), chunkChars: 4, chunkDelayMs: 40 });
    await page.getByLabel('Message').fill(`A long answer please ${s.marker}`);
    await page.getByLabel('Message').press('Enter');
    await page.locator('.reply[data-status="running"] .reply-text').waitFor({ timeout: 30_000 });
    await page.reload();
    // Still running after the reload (about 6 s of reply remain), with its text so far replayed.
    await page.locator('.reply[data-status="running"] .reply-text').waitFor({ timeout: 10_000 });
    // After the reload the same turn is on screen, first running (its earlier text replayed), then done.
    const done = page.locator('.reply[data-status="completed"]').filter({ hasText: 'Version 3' });
    await done.waitFor({ timeout: 60_000 });
    expect((await done.locator('.reply-text').textContent())!.trim()).toBe(words);
    expect(await page.locator('.messages .mine').filter({ hasText: 'A long answer please' }).count()).toBe(1);
    await shot('after-reload');
  });

  it("shows what a partly applied turn did not apply, and why, next to the model's words", async () => {
    // A real model's mistake: a brand icon lucide-react does not have; its repair makes the same mistake.
    const footer = 'import { Twitter } from \'lucide-react\';\n\nexport const Social = () => <a href="#" aria-label="Twitter"><Twitter aria-hidden="true" /></a>;';
    const s = await script({
      reply: reply('I added a social link and a note.', { 'src/components/Social.tsx': footer, 'src/components/Aside.tsx': 'export const Aside = () => <aside>A note.</aside>;' }),
      then: [{ reply: reply('Fixed.', { 'src/components/Social.tsx': footer }) }],
    });
    await page.getByLabel('Message').fill(`Add our social links ${s.marker}`);
    await page.getByLabel('Message').press('Enter');
    const done = page.locator('.reply[data-status="completed"]').filter({ hasText: 'partly applied' });
    await done.waitFor({ timeout: 60_000 });
    const notApplied = done.locator('.not-applied');
    expect(await notApplied.textContent()).toMatch(/Not applied \(1\)/);
    expect(await notApplied.textContent()).toMatch(/src\/components\/Social\.tsx.*Twitter.*TYPE_ERROR/s);
    expect(await done.locator('.files').textContent()).toContain('src/components/Aside.tsx');
    expect(await done.locator('.usage').textContent()).toMatch(/reply .* · repair /);
    await shot('partly-applied');
  });

  it('restores the previous version and the preview follows', async () => {
    const frame = await previewFrame(page, errors);
    await headingShows(frame, 'Launch day, live');
    await openTab('Versions');
    await page.locator('li[data-version="1"]').getByRole('button', { name: 'Restore' }).click();
    await page.locator('li[data-version="5"]').waitFor({ timeout: 30_000 });
    await openTab('Preview');
    await headingShows(frame, 'Every answer about your product');
    await openTab('Versions');
    await page.locator('li[data-version="5"]').getByRole('button', { name: 'Diff' }).click();
    // The diff marks what the restore took away (CodeMirror's merge view: changed or deleted lines).
    await page.locator('li[data-version="5"] .diff-view').locator('.cm-changedLine, .cm-deletedLine, .cm-deletedChunk').first().waitFor();
    await shot('restored');
  });

  it('downloads a source export that holds the files', async () => {
    await openTab('Export');
    await page.getByRole('button', { name: 'Download source' }).click();
    const save = page.locator('.export-list li[data-status="ready"]').getByRole('button', { name: 'Save zip' });
    await save.waitFor({ timeout: 60_000 });
    await shot('export-ready');
    const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
    expect(download.suggestedFilename()).toBe('launch-page-v5-source.zip');
    const files = await unzip(readFileSync((await download.path())!));
    expect([...files.keys()]).toEqual(expect.arrayContaining(['index.html', 'package.json', 'src/App.tsx', 'src/components/Hero.tsx']));
    expect(files.has('src/components/Note.tsx')).toBe(false); // version 5 is version 1's files
    expect(files.get('src/components/Hero.tsx')!.bytes.toString()).toContain('Every answer about your product');
    expect(clientErrors(errors)).toEqual([]);
  });

  it('uploads an image in the assets panel, shows its thumbnail and size, and keeps the alt text given', async () => {
    const photo = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#2f6fde' } })
      .png()
      .toBuffer();
    await openTab('Assets');
    await page.getByText(/No images yet/).waitFor({ timeout: 15_000 });
    await page.getByLabel('Upload images or fonts').setInputFiles({ name: 'team-photo.png', mimeType: 'image/png', buffer: photo });
    // The bytes go to the object store, the worker checks them and commits a version; the list then shows the asset.
    const row = page.locator('.asset-list li').filter({ hasText: '/assets/' });
    await uploadShows(row, 'the uploaded asset in the list');
    await pageShows(`[...document.querySelectorAll('.asset-list img')].some((i) => i.complete && i.naturalWidth > 0)`, 'the asset thumbnail drawn');
    expect(await row.locator('.asset-meta').textContent()).toMatch(/^640×400 · \d+(\.\d+)? (B|KB|MB)$/);
    // The progress row goes once the upload settles (the list may reload first, on the new version's event).
    await page.locator('.upload-list').waitFor({ state: 'detached', timeout: 15_000 });
    await shot('asset-uploaded');

    const alt = row.getByLabel(/^Alt text for /);
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/assets'));
    await alt.fill('Our team on launch day');
    await alt.press('Enter');
    expect((await patched).status()).toBeLessThan(300);
    // Kept by the API, not only on screen: a reload shows it again (on the same tab: it is in the address).
    await page.reload();
    expect(await page.getByRole('tab', { name: 'Assets', exact: true }).getAttribute('aria-selected')).toBe('true');
    await page.locator('.asset-list li').filter({ hasText: '/assets/' }).waitFor({ timeout: 30_000 });
    await pageShows(`document.querySelector('.asset-alt')?.value === 'Our team on launch day'`, 'the saved alt text after a reload');
  });

  it('sends a pasted picture with a message and shows it in the conversation', async () => {
    const shotPng = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#e4572e' } })
      .png()
      .toBuffer();
    // A screenshot pasted into the message box (a ClipboardEvent carrying a file, as the browser makes on paste).
    await page.evaluate(`(() => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(shotPng.toString('base64'))}), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));
      document.querySelector('#message').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
    const chip = page.locator('.picture-chip').filter({ hasText: 'screenshot.png' });
    await chip.waitFor();
    const s = await script({ reply: reply('Thanks for the screenshot: I kept the page as it is.') });
    await page.getByLabel('Message').fill(`Does the page match this screenshot? ${s.marker}`);
    // Send waits for the picture to be uploaded and checked.
    await uploadShows(page.locator('.picture-chip[data-stage="ready"]'), 'the chat picture uploaded');
    const send = page.getByRole('button', { name: 'Send', exact: true });
    expect(await send.isEnabled()).toBe(true);
    await shot('chat-picture-ready');
    await send.click();
    const mine = page.locator('.messages .mine').filter({ hasText: 'Does the page match this screenshot?' });
    await mine.waitFor({ timeout: 30_000 });
    // The chips leave the composer once the message went.
    await page.locator('.picture-chips').waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator('.reply[data-status="completed"]').filter({ hasText: 'Thanks for the screenshot' }).waitFor({ timeout: 60_000 });
    const pictureShown = `[...document.querySelectorAll('.messages .mine .message-picture img')].some((i) => i.complete && i.naturalWidth === 300)`;
    await pageShows(pictureShown, 'the sent picture in the conversation');
    await shot('chat-picture-sent');
    // After a reload the picture comes from the message the API kept.
    await page.reload();
    await page.locator('.messages .mine').filter({ hasText: 'Does the page match this screenshot?' }).waitFor({ timeout: 30_000 });
    await pageShows(pictureShown, 'the sent picture after a reload');
    await page.locator('.messages .mine .message-picture').first().click();
    await page.getByRole('dialog').locator('img').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    expect(clientErrors(errors)).toEqual([]);
  });

  it('publishes the page, opens the live site from its link, unpublishes it and rolls it back', async () => {
    await openTab('Publish');
    await page.getByTestId('site-status').filter({ hasText: 'Not published' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    // The run's progress while it builds (it may finish before this looks: then its outcome is on screen).
    await page.locator('.publish-progress, [data-testid="site-url"]').first().waitFor({ timeout: 30_000 });
    const link = page.getByTestId('site-url');
    await link.waitFor({ timeout: 180_000 }).catch(async (err: Error) => {
      throw new Error(`${err.message}\nthe Publish panel shows ${JSON.stringify(await page.locator('.publish').innerText())}`);
    });
    const live = page.locator('.deployment-list li[data-live="true"]');
    expect(await live.getAttribute('data-status')).toBe('ready');
    const url = (await link.getAttribute('href'))!;
    expect(url).toMatch(/^http:\/\/[a-z0-9-]+\.[a-z0-9.-]+(:\d+)?\/$/);
    // The settings show the address the first publish chose.
    await page.locator('.publish summary').filter({ hasText: 'Settings' }).click();
    expect(url.startsWith(`http://${await page.getByLabel('Site address').inputValue()}.`)).toBe(true);
    await page.locator('.publish').scrollIntoViewIfNeeded();
    await shot('published');

    // The link opens the published page on the site's own origin, with the project's heading.
    const [site] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await site.waitForLoadState();
    expect(site.url()).toBe(url);
    await site.locator('h1').filter({ hasText: 'Every answer about your product' }).waitFor({ timeout: 30_000 });
    await site.screenshot({ path: join(SCREENSHOTS, `web-${String(++step).padStart(2, '0')}-published-site.png`) });

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Unpublish', exact: true }).click();
    await page.getByTestId('site-status').filter({ hasText: 'Not published' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.deployment-list li[data-live="true"]').count()).toBe(0);
    // Taken down after it went live: not the "built while the site was taken down" notice.
    expect(await page.locator('.publish').innerText()).not.toContain('not live');
    await shot('unpublished');
    // Taken down: the site's host answers 404 (as soon as its cache hears of the change).
    await eventually(async () => ((await site.reload())?.status() === 404 ? true : undefined), 5_000, 'the unpublished site answering 404');

    // The deployment stays listed: one click puts it back, with no build.
    await page
      .locator('.deployment-list li[data-status="ready"]')
      .getByRole('button', { name: /^Roll back to version \d+$/ })
      .click();
    await link.waitFor({ timeout: 15_000 });
    await page.locator('.deployment-list li[data-live="true"]').waitFor();
    await eventually(async () => ((await site.reload())?.status() === 200 ? true : undefined), 5_000, 'the site back after the rollback');
    await site.locator('h1').filter({ hasText: 'Every answer about your product' }).waitFor({ timeout: 15_000 });
    await site.close();
    expect(clientErrors(errors)).toEqual([]);
  });
});
