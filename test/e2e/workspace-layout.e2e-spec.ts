import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOTS } from '../templates/support/browser.js';
import { API_URL, strongPassword, uniqueEmail } from './support/api.js';
import { reply, script } from './support/turns.js';
import { clientErrors, collectErrors, previewFrame } from './support/workspace-page.js';

jest.setTimeout(240_000);

/**
 * The workspace's layout in headless Chromium against the real stack: the tabs beside the chat on a wide
 * screen, the chat as a tab at phone width with nothing wider than the window, every Tab stop with a visible
 * ring, the tab strip by arrow keys, and the selected tab kept in the address across a reload. Screenshots in
 * test-artifacts/screenshots/layout-*.png.
 */
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let workspaceUrl = '';
const errors: string[] = [];
const shot = (on: Page, name: string) => on.screenshot({ path: join(SCREENSHOTS, `layout-${name}.png`) });

const listen = (on: Page) => collectErrors(on, errors);

beforeAll(async () => {
  browser = await launchBrowser();
  desktop = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await desktop.newPage();
  listen(page);
});
afterAll(async () => {
  await desktop?.close();
  await browser?.close();
});

/** How far the page is wider than its window (0 when nothing sticks out sideways). */
const overflow = (on: Page) => on.evaluate<number>('document.scrollingElement.scrollWidth - window.innerWidth');

interface Stop {
  tag: string;
  name: string;
  role: string | null;
  outline: string;
  width: number;
  alpha: number;
  /** Of the ring's colour against white: WCAG asks 3:1 of a focus indicator. */
  contrast: number;
  inView: boolean;
}

/**
 * What has the focus and how its ring is drawn (computed style). A control kept for screen readers only (a
 * file input inside its label) shows its ring on the label. A string: no DOM types in the tests.
 */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const label = el.classList.contains('sr-only') ? el.closest('label') : null;
  const ring = getComputedStyle(label || el);
  const rgba = (ring.outlineColor.match(/[\\d.]+/g) || []).map(Number);
  const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const l = 0.2126 * lin(rgba[0]) + 0.7152 * lin(rgba[1]) + 0.0722 * lin(rgba[2]);
  const box = (label || el).getBoundingClientRect();
  return {
    tag: el.tagName,
    name: (el.getAttribute('aria-label') || el.textContent || el.id || '').trim().replace(/\\s+/g, ' ').slice(0, 40),
    role: el.getAttribute('role'),
    outline: ring.outlineStyle,
    width: parseFloat(ring.outlineWidth),
    alpha: rgba.length > 3 ? rgba[3] : 1,
    contrast: 1.05 / (l + 0.05),
    inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
  };
})()`;

/** Presses Tab from the top of the page until the focus comes back round (or leaves into a frame), recording each stop. */
async function tabThrough(on: Page): Promise<Stop[]> {
  await on.evaluate('document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)');
  const stops: Stop[] = [];
  for (let i = 0; i < 80; i++) {
    await on.keyboard.press('Tab');
    const stop = await on.evaluate<Stop | null>(FOCUSED);
    if (!stop || stop.tag === 'IFRAME' || (stops.length > 0 && stop.name === stops[0].name && stop.tag === stops[0].tag)) break;
    stops.push(stop);
  }
  return stops;
}

const selectedTab = (on: Page) => on.locator('[role="tab"][aria-selected="true"]');
const focusedName = (on: Page) => on.evaluate<string>(`document.activeElement?.textContent?.trim() ?? ''`);

describe('the workspace layout', () => {
  it('opens a project with the chat beside a strip of tabs, the preview first', async () => {
    await page.goto(API_URL);
    await page.getByLabel('Email').fill(uniqueEmail('layout'));
    await page.getByLabel('Password').fill(strongPassword());
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByLabel('Project name').fill('Layout check');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/#\/p\/[0-9a-f-]{36}$/);
    workspaceUrl = page.url();
    await previewFrame(page, errors);
    // A turn that changes a file: version 2, for the versions tab to list.
    const s = await script({
      reply: reply('I added a note under the hero: **one promise**, one button.\n\n- shorter title\n- a clearer call to action', {
        'src/components/Note.tsx': 'export const Note = () => <p>One promise, one button.</p>;',
      }),
    });
    await page.getByLabel('Message').fill(`Make the hero tighter ${s.marker}`);
    await page.getByLabel('Message').press('Enter');
    await page.locator('.reply[data-status="completed"]').waitFor({ timeout: 60_000 });

    const tabs = page.getByRole('tablist', { name: 'Workspace' }).getByRole('tab');
    expect((await tabs.allTextContents()).map((t) => t.trim())).toEqual(['Preview', 'Code', 'Versions', 'Instructions', 'Publish', 'Assets', 'Export']);
    expect(await selectedTab(page).textContent()).toMatch(/^Preview/);
    // The chat and the preview side by side.
    const chat = (await page.locator('.chat').boundingBox())!;
    const preview = (await page.locator('iframe.preview-frame').boundingBox())!;
    expect(chat.x + chat.width).toBeLessThanOrEqual(preview.x);
    expect(preview.width).toBeGreaterThan(700);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'desktop-preview');
  });

  it('moves between tabs with the arrow keys, keeps the tab in the address, and a reload shows the same tab', async () => {
    await selectedTab(page).focus();
    await page.keyboard.press('ArrowRight');
    expect(await selectedTab(page).textContent()).toBe('Code');
    expect(await focusedName(page)).toBe('Code');
    expect(page.url()).toMatch(/\?tab=code$/);
    await page.keyboard.press('End');
    expect(await focusedName(page)).toBe('Export');
    await page.keyboard.press('Home');
    expect(await selectedTab(page).textContent()).toMatch(/^Preview/);
    // Round the end: left from the first is the last.
    await page.keyboard.press('ArrowLeft');
    expect(await selectedTab(page).textContent()).toBe('Export');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    expect(await focusedName(page)).toBe('Versions');
    // One Tab stop for the whole strip: only the selected tab is in the Tab order.
    expect(await page.locator('[role="tab"][tabindex="0"]').count()).toBe(1);
    const panel = page.locator('#workspace-panel-versions');
    expect(await panel.isVisible()).toBe(true);
    expect(await page.locator('#workspace-panel-preview').isVisible()).toBe(false);
    expect(page.url()).toMatch(/\?tab=versions$/);

    await page.reload();
    await page.locator('#workspace-panel-versions li[data-version="2"]').waitFor({ timeout: 30_000 });
    expect(await selectedTab(page).textContent()).toBe('Versions');
    expect(await page.locator('#workspace-panel-versions').isVisible()).toBe(true);
    await shot(page, 'desktop-versions');
  });

  it('reaches every control by Tab, each with a visible focus ring, starting with a skip link to the message box', async () => {
    const stops = await tabThrough(page);
    expect(stops[0]).toMatchObject({ tag: 'A', name: 'Skip to the message box', inView: true });
    const names = stops.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Sign out', 'message', 'Versions']));
    // The strip is one stop (its selected tab), the rest by arrows.
    expect(stops.filter((s) => s.role === 'tab')).toEqual([expect.objectContaining({ name: 'Versions' })]);
    // The versions panel's own controls come after the strip.
    expect(stops.slice(names.indexOf('Versions')).some((s) => s.tag === 'BUTTON')).toBe(true);
    const faint = stops.filter((s) => s.outline === 'none' || s.width < 2 || s.alpha === 0 || s.contrast < 3);
    expect(faint).toEqual([]);
    expect(stops.length).toBeGreaterThan(6);

    // The skip link lands in the message box.
    await page.getByRole('link', { name: 'Skip to the message box' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement?.id ?? ""')).toBe('message');
    expect(clientErrors(errors)).toEqual([]);
  });

  it('works at 390 px wide: the chat and the rest are tabs, nothing overflows, and the composer is usable', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await desktop.storageState() });
    try {
      const small = await phone.newPage();
      listen(small);
      await small.goto(workspaceUrl);
      const tabs = small.getByRole('tablist', { name: 'Workspace' }).getByRole('tab');
      await tabs.first().waitFor({ timeout: 30_000 });
      // The skip link is the first Tab stop here too.
      await small.keyboard.press('Tab');
      expect(await focusedName(small)).toBe('Skip to the message box');
      await small.evaluate('document.activeElement && document.activeElement.blur()');
      expect((await tabs.allTextContents())[0]).toBe('Chat');
      // The conversation first, its composer on screen.
      expect(await selectedTab(small).textContent()).toBe('Chat');
      await small.locator('.reply[data-status="completed"]').waitFor({ timeout: 30_000 });
      const box = (await small.getByLabel('Message').boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      expect(box.width).toBeGreaterThan(300);
      expect(await overflow(small)).toBeLessThanOrEqual(0);
      expect(await small.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(390);
      await shot(small, 'phone-chat');

      await small.getByRole('tab', { name: /^Preview/ }).click();
      await previewFrame(small, errors);
      expect(await small.locator('.chat').isVisible()).toBe(false);
      const frame = (await small.locator('iframe.preview-frame').boundingBox())!;
      expect(frame.width).toBeGreaterThan(300);
      expect(frame.x + frame.width).toBeLessThanOrEqual(390);
      expect(await small.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(390);
      await shot(small, 'phone-preview');

      // No tab makes the page wider than the phone.
      const widths: Record<string, number> = {};
      for (const name of ['Code', 'Versions', 'Instructions', 'Publish', 'Assets', 'Export']) {
        await small.getByRole('tab', { name, exact: true }).click();
        await small.locator(`#workspace-panel-${name.toLowerCase()}`).waitFor();
        widths[name] = await small.evaluate<number>('document.scrollingElement.scrollWidth');
      }
      expect(Object.entries(widths).filter(([, width]) => width > 390)).toEqual([]);
      await small.getByRole('tab', { name: 'Versions', exact: true }).click();
      await small.locator('li[data-version="2"]').waitFor({ timeout: 15_000 });
      await shot(small, 'phone-versions');

      // From any tab the skip link brings the chat back with the focus in its message box, and sending works.
      await small.getByRole('link', { name: 'Skip to the message box' }).focus();
      await small.keyboard.press('Enter');
      expect(await selectedTab(small).textContent()).toBe('Chat');
      expect(await small.evaluate<string>('document.activeElement?.id ?? ""')).toBe('message');
      const s = await script({ reply: reply('Sent from a phone, answered on a phone.') });
      await small.keyboard.type(`Hello from a phone ${s.marker}`);
      await small.keyboard.press('Enter');
      await small.locator('.reply[data-status="completed"]').filter({ hasText: 'answered on a phone' }).waitFor({ timeout: 60_000 });
      expect(await small.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(390);
      await shot(small, 'phone-chat-sent');
    } finally {
      await phone.close();
    }
    expect(clientErrors(errors)).toEqual([]);
  });
});
