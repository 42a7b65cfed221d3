import { join, resolve } from 'node:path';
import { type Catalog, loadCatalog } from '@studio/catalog';
import type { Browser } from 'playwright-core';
import { inspectPage, launchBrowser, SCREENSHOTS, WIDTHS } from './support/browser.js';
import { PageProject, serveStatic } from './support/page-project.js';

/**
 * Every template, exactly as a new project gets it (shell + page + library sections), type-checks, builds
 * with `vite build`, and renders in headless Chromium at desktop and mobile width without console errors,
 * overflow or unlabelled controls. Screenshots land in test-artifacts/screenshots/ for a person to look at;
 * <id>-thumbnail.png there is what templates/<id>/thumbnail.png is refreshed from (templates/README.md).
 */
let catalog: Catalog;
let browser: Browser;
beforeAll(async () => {
  [catalog, browser] = await Promise.all([loadCatalog(resolve('templates')), launchBrowser()]);
});
afterAll(() => browser?.close());

describe.each(['landing', 'launch', 'event', 'blank'])('template %s', (id) => {
  let project: PageProject;
  let site: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    project = new PageProject(catalog.templates.get(id)!.files);
  });
  afterAll(async () => {
    await site?.close();
    project.remove();
  });

  it('type-checks with its own tsconfig', async () => {
    expect(await project.typeErrors()).toBe('');
  }, 60_000);

  it('builds with vite build', async () => {
    site = await serveStatic(await project.build());
  }, 60_000);

  it.each(Object.entries(WIDTHS))(
    'renders at %s width without errors, overflow or unlabelled controls',
    async (name, width) => {
      expect(site).toBeDefined();
      const shot = join(SCREENSHOTS, `template-${id}-${name}.png`);
      const report = await inspectPage(browser, site.url, width, shot);
      expect(report.errors).toEqual([]);
      expect(report.overflowPx).toBeLessThanOrEqual(0);
      expect(report.unlabelled).toEqual([]);
      expect(report.headings.h1).toBe(1);
      expect(report.landmarks.main).toBe(1);
      if (id !== 'blank') {
        expect(report.landmarks).toMatchObject({ header: 1, main: 1, footer: 1 });
        expect(report.headings.h2).toBeGreaterThanOrEqual(3);
      }
      expect(report.textLength).toBeGreaterThan(40);
    },
    60_000,
  );

  it('gives a 640×400 thumbnail of its first screen', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 0.5 });
    try {
      await page.goto(site.url, { waitUntil: 'networkidle' });
      const png = await page.screenshot({ path: join(SCREENSHOTS, `${id}-thumbnail.png`) });
      // PNG header: width and height are the IHDR chunk's first two 32-bit fields.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([640, 400]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
