import sharp from 'sharp';
import { type FinishInput, finishSite, logoOf } from './site-finisher.js';
import { headTags } from './testing/html-head.js';

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#3366ff' } })
    .png()
    .toBuffer();
const PAGE = '<!doctype html><html lang="en"><head><title>Page</title></head><body><h1>Heading</h1></body></html>';

async function input(fields: Partial<FinishInput> = {}): Promise<FinishInput> {
  return {
    built: new Map([['index.html', Buffer.from(PAGE)]]),
    source: new Map(),
    settings: { title: null, description: null, imagePath: null, noindex: false },
    canonicalUrl: 'http://my-page.sites.localhost:3100/',
    siteName: 'my-page',
    publishedAt: new Date('2026-01-01T00:00:00Z'),
    ...fields,
  };
}

const shotOf = async () => ({ png: await png(1200, 630), facts: { h1: 'Heading', firstParagraph: 'The rendered first paragraph.' } });

describe('finishSite', () => {
  it('adds favicons from the logo, with their links', async () => {
    const warnings: string[] = [];
    const files = await finishSite(await input({ source: new Map([['public/assets/brand-logo.png', await png(256, 256)]]) }), { screenshot: shotOf, warn: (m) => warnings.push(m) }, () => undefined);
    const head = headTags(files.get('index.html')?.toString() ?? '');
    expect(head.link('icon')).toBe('/favicon-32.png');
    expect(head.link('apple-touch-icon')).toBe('/apple-touch-icon.png');
    expect((await sharp(files.get('favicon-32.png')).metadata()).width).toBe(32);
    expect((await sharp(files.get('apple-touch-icon.png')).metadata()).width).toBe(180);
    expect(warnings).toEqual([]);
  });

  it('defaults the description to the rendered first paragraph, and the title to the page’s own', async () => {
    const files = await finishSite(await input(), { screenshot: shotOf, warn: () => undefined }, () => undefined);
    const head = headTags(files.get('index.html')?.toString() ?? '');
    expect(head.title).toBe('Page');
    expect(head.meta('description')).toBe('The rendered first paragraph.');
    expect(head.meta('og:image:width')).toBe('1200');
    expect(files.get('sitemap.xml')?.toString()).toContain('<loc>http://my-page.sites.localhost:3100/</loc>');
    expect(files.get('404.html')?.toString()).toContain('Page');
  });

  it('shares the chosen image at 1200 wide instead of a screenshot', async () => {
    let shots = 0;
    const files = await finishSite(
      await input({ source: new Map([['public/assets/hero.png', await png(2400, 1600)]]), settings: { title: 'T', description: 'D', imagePath: 'public/assets/hero.png', noindex: false } }),
      {
        screenshot: async () => {
          shots++;
          return shotOf();
        },
        warn: () => undefined,
      },
      () => undefined,
    );
    expect(files.has('og-image.png')).toBe(false);
    expect(await sharp(files.get('og-image.jpg')).metadata()).toMatchObject({ format: 'jpeg', width: 1200, height: 800 });
    expect(headTags(files.get('index.html')?.toString() ?? '').meta('og:image')).toBe('http://my-page.sites.localhost:3100/og-image.jpg');
    // The screenshot still runs: it gives the rendered page's facts for defaults.
    expect(shots).toBe(1);
  });

  it('noindex: a robots meta tag and Disallow, over any robots.txt the page had; a built 404 page is kept', async () => {
    const built = new Map([
      ['index.html', Buffer.from(PAGE)],
      ['robots.txt', Buffer.from('User-agent: *\nAllow: /\n')],
      ['404.html', Buffer.from('<p>our own 404</p>')],
    ]);
    const files = await finishSite(
      await input({ built, settings: { title: null, description: null, imagePath: null, noindex: true } }),
      { screenshot: shotOf, warn: () => undefined },
      () => undefined,
    );
    expect(headTags(files.get('index.html')?.toString() ?? '').meta('robots')).toBe('noindex, nofollow');
    expect(files.get('robots.txt')?.toString()).toMatch(/Disallow: \//);
    expect(files.get('404.html')?.toString()).toBe('<p>our own 404</p>');
  });

  it('finds the logo by name under public/ only', () => {
    const one = Buffer.from('1');
    expect(logoOf(new Map([['src/logo.png', one]]))).toBeNull();
    expect(logoOf(new Map([['public/assets/hero.png', one]]))).toBeNull();
    expect(
      logoOf(
        new Map([
          ['public/assets/z-logo.svg', one],
          ['public/assets/Logo.png', one],
        ]),
      )?.path,
    ).toBe('public/assets/Logo.png');
  });
});
