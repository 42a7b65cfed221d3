import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOTS } from '../templates/support/browser.js';
import { API_URL, type Client, eventually, type SignedUp, signUp } from './support/api.js';
import { collectErrors, NETWORK_CHANGED, previewFrame } from './support/workspace-page.js';

jest.setTimeout(240_000);

/**
 * The workspace's code view and diff in headless Chromium against the real stack: a person opens a file, sees it
 * highlighted, edits a heading and saves (a version, and the preview follows), meets a conflict without losing
 * what they typed, opens an older version read-only, and reads a version's diff side by side and unified.
 * Screenshots: test-artifacts/screenshots/code-*.png.
 */
let browser: Browser;
let context: BrowserContext;
let page: Page;
let user: SignedUp;
let api: Client;
let projectId: string;
const errors: string[] = [];
let step = 0;
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `code-${String(++step).padStart(2, '0')}-${name}.png`) });

const readFile = async (path: string, version: number): Promise<string> => {
  const res = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}&version=${version}`, { headers: { authorization: `Bearer ${user.accessToken}` } });
  expect(res.status).toBe(200);
  return res.text();
};

/** The editor's lines (in the code view's shadow root: Playwright's CSS reaches into open shadow roots). */
const editorLine = (text: string) => page.locator('.code-editor .cm-line').filter({ hasText: text });

const tab = (name: string) => page.getByRole('tab', { name, exact: true }).click();

const headingShows = (frame: Frame, text: string) => frame.waitForFunction(`document.querySelector('h1')?.textContent?.includes(${JSON.stringify(text)})`, undefined, { timeout: 60_000 });

beforeAll(async () => {
  user = await signUp('code');
  api = user.client;
  const created = await api.post('/api/projects', { name: 'Code view' });
  expect(created.status).toBe(201);
  projectId = created.body.id;

  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  collectErrors(page, errors);
  // Signs in through the form, as a person who already has an account.
  await page.goto(API_URL);
  await page.getByRole('button', { name: 'Already have an account? Sign in' }).click();
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'New landing page' }).waitFor();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('the code view', () => {
  let frame: Frame;

  it('shows the files of the head and opens src/App.tsx highlighted, with line numbers', async () => {
    await page.goto(`${API_URL}/#/p/${projectId}`);
    await tab('Code');
    const tree = page.getByRole('tree', { name: 'Files' });
    // src is open from the start; its folders are closed until opened (by keyboard here).
    await tree.getByRole('treeitem', { name: 'App.tsx' }).waitFor();
    await tree.getByRole('treeitem', { name: 'components' }).focus();
    await page.keyboard.press('ArrowRight');
    await tree.getByRole('treeitem', { name: 'Hero.tsx' }).waitFor();
    expect(await tree.getByRole('treeitem', { name: 'components' }).getAttribute('aria-expanded')).toBe('true');

    await tree.getByRole('treeitem', { name: 'App.tsx' }).click();
    await editorLine('title="Every answer about your product').waitFor();
    // Highlighted: the TSX grammar's tokens are spans with their classes (keywords, strings, JSX tag names).
    // CodeMirror parses in slices between frames, so on a loaded machine the keywords near the top can be
    // highlighted before the JSX below them: wait for each kind rather than checking the rest at once.
    const highlighted = (selector: string, hasText?: string) =>
      eventually(
        async () =>
          (await page
            .locator(selector)
            .filter(hasText ? { hasText } : {})
            .count()) > 0
            ? true
            : undefined,
        20_000,
        `highlighted ${selector} ${hasText ?? ''}`,
      );
    await highlighted('.code-editor .tok-keyword');
    await highlighted('.code-editor .tok-string');
    await highlighted('.code-editor .tok-typeName', 'Hero');
    expect(await page.locator('.code-editor .cm-lineNumbers .cm-gutterElement').filter({ hasText: /^1$/ }).count()).toBe(1);
    expect(await tree.getByRole('treeitem', { name: 'App.tsx' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('code-state').textContent()).toBe('version 1');
    await shot('open');
  });

  it('saves an edited heading as a new version that differs only there, and the preview follows', async () => {
    // The page in the preview first, marked: the mark survives hot updates and is gone after a reload.
    await tab('Preview');
    frame = await previewFrame(page, errors);
    await headingShows(frame, 'Every answer about your product');
    await frame.evaluate(`window.__kept = 'same page'`);
    await tab('Code');

    const before = await readFile('src/App.tsx', 1);
    // The word "Every" in the Hero's title (the string starts with its quote).
    await page
      .locator('.code-editor .tok-string')
      .filter({ hasText: 'Every answer about your product' })
      .dblclick({ position: { x: 20, y: 8 } });
    await page.keyboard.type('Each');
    expect(await page.getByTestId('code-state').textContent()).toBe('Modified');
    await page.keyboard.press('Control+s');
    await page.getByText('Saved as version 2.').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('code-state').textContent()).toBe('version 2');

    // Only that word changed: every other byte of the file is as it was.
    expect(await readFile('src/App.tsx', 2)).toBe(before.replace('title="Every answer about your product', 'title="Each answer about your product'));
    const versions = await api.get(`/api/projects/${projectId}/versions`);
    expect(versions.body[0]).toMatchObject({ number: 2, source: 'user' });
    await shot('saved');

    await tab('Preview');
    await headingShows(frame, 'Each answer about your product, in plain language.');
    expect(await frame.evaluate('window.__kept')).toBe('same page');
    // The frame was hidden behind the Code tab: the screenshot waits for it to be drawn again.
    await frame.locator('h1').filter({ hasText: 'Each answer' }).waitFor({ state: 'visible' });
    await shot('preview-follows');
  });

  it('keeps what a person typed when the file changed meanwhile, and saves it on top only when asked', async () => {
    await tab('Code');
    // Typing in the eyebrow, just before its closing quote.
    await editorLine('eyebrow="New: weekly reports your whole team can read"').click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type(' this month');
    expect(await page.getByTestId('code-state').textContent()).toBe('Modified');

    // Meanwhile someone else (another tab, a script) writes the same file.
    const theirs = (await readFile('src/App.tsx', 2)).replace("{ label: 'Start free', href: '#pricing' }", "{ label: 'Try it free', href: '#pricing' }");
    const put = await api.request('PUT', `/api/projects/${projectId}/files/raw?path=src/App.tsx&baseVersion=2`, theirs, { 'content-type': 'application/octet-stream' });
    expect(put.body).toEqual({ version: 3 });

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const conflict = page.locator('.code-notice.conflict');
    await conflict.waitFor({ timeout: 15_000 });
    expect(await conflict.textContent()).toMatch(/changed since you opened this file.*version 2.*version 3.*your text is still here/s);
    // Nothing lost: the typed text is still in the editor, and nothing was written.
    await editorLine('can read this month"').waitFor();
    expect(await page.getByTestId('code-state').textContent()).toBe('Modified');
    expect((await api.get(`/api/projects/${projectId}`)).body.headVersion).toBe(3);
    await shot('conflict');

    await conflict.getByRole('button', { name: 'Save mine over version 3' }).click();
    await page.getByText('Saved as version 4.').waitFor({ timeout: 15_000 });
    const mine = await readFile('src/App.tsx', 4);
    expect(mine).toContain('eyebrow="New: weekly reports your whole team can read this month"');
    expect(mine).toContain('title="Each answer about your product');
  });

  it("shows the API's refusal of a build file, and asks before leaving unsaved text", async () => {
    const tree = page.getByRole('tree', { name: 'Files' });
    await tree.getByRole('treeitem', { name: 'vite.config.ts' }).click();
    await page.locator('.code-path').filter({ hasText: 'vite.config.ts' }).waitFor();
    await page.locator('.code-editor .cm-line').first().waitFor();
    await page.locator('.code-editor .cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// a plugin of mine');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'vite.config.ts is build or package configuration; it cannot be changed here.' }).waitFor({ timeout: 15_000 });
    expect((await api.get(`/api/projects/${projectId}`)).body.headVersion).toBe(4);
    await shot('protected');

    // Another file while this one has unsaved text: the page asks, and "Cancel" keeps the text.
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.message()))));
    await tree.getByRole('treeitem', { name: 'App.tsx' }).click();
    expect(await asked).toMatch(/vite\.config\.ts are not saved/);
    expect(await page.locator('.code-path').textContent()).toBe('vite.config.ts');
    await editorLine('// a plugin of mine').waitFor();
  });

  it('opens an older version read-only', async () => {
    await page.goto(`${API_URL}/#/p/${projectId}?tab=code&version=1`);
    await page.getByTestId('code-read-only').filter({ hasText: 'read-only: version 1' }).waitFor({ timeout: 15_000 });
    // The unsaved text of the build file is kept aside while an older version shows.
    await page.getByText('Your unsaved changes to vite.config.ts are kept').waitFor();
    await page.getByRole('tree', { name: 'Files' }).getByRole('treeitem', { name: 'App.tsx' }).click();
    await editorLine('title="Every answer about your product').waitFor({ timeout: 15_000 });
    const content = page.locator('.code-editor .cm-content');
    expect(await content.getAttribute('contenteditable')).toBe('false');
    expect(await content.getAttribute('aria-readonly')).toBe('true');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    // Typing changes nothing.
    await editorLine('title="Every answer about your product').click();
    await page.keyboard.type('zzz');
    expect(await page.locator('.code-editor .cm-line').filter({ hasText: 'zzz' }).count()).toBe(0);
    await shot('read-only');
  });

  it("shows a version's changes highlighted, side by side and unified", async () => {
    await page.goto(`${API_URL}/#/p/${projectId}?tab=versions`);
    const row = page.locator('li[data-version="2"]');
    await row.getByRole('button', { name: 'Diff' }).click();
    const diff = row.locator('.diff-view');
    await diff.locator('.diff-file[data-path="src/App.tsx"] .cm-mergeView').waitFor({ timeout: 15_000 });
    // Both sides: the word removed on the left, the word added on the right, each marked.
    expect(await diff.locator('.cm-merge-a .cm-deletedText, .cm-merge-a .cm-changedText').filter({ hasText: 'Every' }).count()).toBeGreaterThan(0);
    expect(await diff.locator('.cm-merge-b .cm-changedText, .cm-merge-b .cm-insertedText').filter({ hasText: 'Each' }).count()).toBeGreaterThan(0);
    // Highlighted too (the grammar's tokens as classes), once the parser reached the lines shown.
    await eventually(async () => ((await diff.locator('.cm-merge-b .tok-string').count()) > 0 ? true : undefined), 10_000, 'highlighted strings in the diff');
    await diff.scrollIntoViewIfNeeded();
    await shot('diff-side-by-side');

    await diff.getByRole('button', { name: 'Unified' }).click();
    await diff.locator('.diff-file[data-path="src/App.tsx"] .cm-deletedChunk').waitFor({ timeout: 15_000 });
    expect(await diff.locator('.cm-mergeView').count()).toBe(0);
    expect(await diff.locator('.cm-deletedChunk').filter({ hasText: 'Every answer' }).count()).toBe(1);
    expect(await diff.getByRole('button', { name: 'Unified' }).getAttribute('aria-pressed')).toBe('true');
    await shot('diff-unified');
  });

  it('ran without a script error or a style the CSP refused', () => {
    const unexpected = errors.filter(
      (e) =>
        !e.includes(NETWORK_CHANGED) &&
        // The refused and the conflicting saves' answers (shown on screen) and a project with no site yet (the Publish panel).
        !/status of (400|409) .*\/files\/raw/.test(e) &&
        !/status of 404 .*\/site\)$/.test(e),
    );
    expect(unexpected).toEqual([]);
  });
});
