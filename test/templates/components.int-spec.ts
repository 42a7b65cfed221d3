import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Catalog, loadCatalog } from '@studio/catalog';
import type { Browser } from 'playwright-core';
import { inspectPage, launchBrowser, SCREENSHOTS, WIDTHS } from './support/browser.js';
import { PageProject, serveStatic } from './support/page-project.js';

/**
 * Each library component, inserted alone into the blank template the way `action="insert"` does it (its
 * source copied to a path, rendered from App.tsx with no props), builds and renders: no console errors,
 * no overflow at phone width, no unlabelled controls, and the landmark its kind promises (a navbar's <header>, a footer's <footer>, a section's <section>).
 */
const ids = (() => {
  // Known before the catalog loads, so each component is its own test.
  const { components } = JSON.parse(readFileSync(resolve('templates/library/library.json'), 'utf8')) as { components: { id: string }[] };
  return components.map((c) => c.id);
})();

let catalog: Catalog;
let browser: Browser;
beforeAll(async () => {
  [catalog, browser] = await Promise.all([loadCatalog(resolve('templates')), launchBrowser()]);
});
afterAll(() => browser?.close());

/** The blank template with these components inserted at src/components/Section<n>.tsx and rendered in order. */
function blankWith(components: string[]): PageProject {
  const blank = catalog.templates.get('blank')!.files.filter((f) => f.path !== 'src/App.tsx');
  const inserted = components.map((id, n) => ({ path: `src/components/Section${n}.tsx`, content: catalog.library.source(id)! }));
  const chrome = (id: string) => ['navbar', 'footer'].includes(catalog.library.get(id)!.category);
  const tag = (n: number) => `<Section${n} />`;
  const app = [
    ...components.map((_, n) => `import Section${n} from './components/Section${n}';`),
    '',
    'export default function App() {',
    '  return (',
    '    <>',
    ...components.map((id, n) => (chrome(id) && catalog.library.get(id)!.category === 'navbar' ? `      ${tag(n)}` : '')).filter(Boolean),
    '      <main id="main">',
    ...components.map((id, n) => (chrome(id) ? '' : `        ${tag(n)}`)).filter(Boolean),
    '      </main>',
    ...components.map((id, n) => (catalog.library.get(id)!.category === 'footer' ? `      ${tag(n)}` : '')).filter(Boolean),
    '    </>',
    '  );',
    '}',
    '',
  ].join('\n');
  return new PageProject([...blank, ...inserted, { path: 'src/App.tsx', content: app }]);
}

it("every component type-checks in a project (strict TypeScript, the image's React types)", async () => {
  const project = blankWith(ids);
  try {
    expect(await project.typeErrors()).toBe('');
  } finally {
    project.remove();
  }
}, 120_000);

describe.each(ids)('component %s, inserted alone into the blank template', (id) => {
  let project: PageProject;
  let site: { url: string; close: () => Promise<void> } | undefined;
  beforeAll(() => {
    project = blankWith([id]);
  });
  afterAll(async () => {
    await site?.close();
    project.remove();
  });

  it('builds and renders at desktop and mobile width', async () => {
    site = await serveStatic(await project.build());
    const category = catalog.library.get(id)!.category;
    for (const [name, width] of Object.entries(WIDTHS)) {
      const report = await inspectPage(browser, site.url, width, join(SCREENSHOTS, `component-${id}-${name}.png`));
      expect({ width, errors: report.errors, overflowPx: Math.max(0, report.overflowPx), unlabelled: report.unlabelled }).toEqual({ width, errors: [], overflowPx: 0, unlabelled: [] });
      if (category === 'navbar') expect(report.landmarks.header).toBe(1);
      else if (category === 'footer') expect(report.landmarks.footer).toBe(1);
      else expect(report.landmarks.section).toBe(1);
      // A navbar at phone width shows only its brand (the links wait behind the menu button).
      expect(report.textLength).toBeGreaterThan(category === 'navbar' ? 3 : 20);
    }
  }, 60_000);
});
