import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { unzip } from '../../libs/files/src/testing/unzip.js';
import { launchBrowser, SCREENSHOTS } from '../templates/support/browser.js';
import { API_URL, eventually, strongPassword, uniqueEmail } from './support/api.js';
import { LANDING_HERO_PROPS, reply, script } from './support/turns.js';

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
  page.on('pageerror', (e) => errors.push(`${e.message}\n${e.stack}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
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

/** The preview iframe's frame, once it shows the project's page. */
async function previewFrame(): Promise<Frame> {
  const handle = await page.waitForSelector('iframe.preview-frame', { timeout: 60_000 });
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector('h1', { timeout: 60_000 }).catch(async (err: Error) => {
    // What the person would see instead of the page: the frame's address and text, and the preview's status.
    const shows = await frame.evaluate('document.body ? document.body.innerText : ""').catch((e: Error) => `(unreadable: ${e.message})`);
    const status = await page
      .getByTestId('preview-status')
      .textContent()
      .catch(() => '?');
    throw new Error(`${err.message}\nthe frame at ${frame.url()} shows ${JSON.stringify(String(shows).slice(0, 400))}; the preview says ${status}`);
  });
  return frame;
}

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
    const frame = await previewFrame();
    await headingShows(frame, 'Every answer about your product');
    await page.getByTestId('preview-status').filter({ hasText: 'Live' }).waitFor({ timeout: 60_000 });
    await shot('preview');
  });

  it('streams the reply into the chat and changes the preview without reloading it', async () => {
    const frame = await previewFrame();
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
    await page.locator('.reply[data-status="completed"]').filter({ hasText: 'Version 2' }).waitFor({ timeout: 30_000 });
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
    const frame = await previewFrame();
    await headingShows(frame, 'Launch day, live');
    await page.locator('li[data-version="1"]').getByRole('button', { name: 'Restore' }).click();
    await page.locator('li[data-version="5"]').waitFor({ timeout: 30_000 });
    await headingShows(frame, 'Every answer about your product');
    await page.locator('li[data-version="5"]').getByRole('button', { name: 'Diff' }).click();
    await page.locator('.diff .del').first().waitFor();
    await shot('restored');
  });

  it('downloads a source export that holds the files', async () => {
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
    expect(errors).toEqual([]);
  });
});
