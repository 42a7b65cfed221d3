import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { screenshotSite } from './screenshot.js';
import { MAX_SHARE_IMAGE_BYTES } from './share-image.js';

/**
 * The share screenshot in a real headless Chromium (Debian's, as the worker runs it): a tiny built site with a
 * stylesheet and a script, a third party it must never reach, and pages that never finish.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium processes this test process started and has not reaped (Playwright launches them as children). */
const chromiumChildren = () =>
  execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => /chrom/i.test(line) && !line.includes('<defunct>'));

let thirdParty: ReturnType<typeof createServer>;
let thirdPartyHits = 0;
let thirdPartyUrl = '';

beforeAll(async () => {
  thirdParty = createServer((_, res) => {
    thirdPartyHits++;
    res.end('x');
  });
  await new Promise<void>((resolve) => thirdParty.listen(0, '127.0.0.1', resolve));
  thirdPartyUrl = `http://127.0.0.1:${(thirdParty.address() as AddressInfo).port}`; // a TCP listener's address is an AddressInfo
});

afterAll(async () => {
  await new Promise((resolve) => thirdParty.close(resolve));
});

const site = () =>
  new Map([
    [
      'index.html',
      Buffer.from(`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Static title</title>
<meta name="description" content="Fusées pour tous">
<link rel="stylesheet" href="/assets/index-D8_s3xHQ.css">
<link rel="stylesheet" href="${thirdPartyUrl}/font.css">
</head>
<body>
<img src="${thirdPartyUrl}/pixel.png" alt="">
<div id="root"></div>
<script type="module" src="/assets/index-BqGk3kX_.js"></script>
</body>
</html>`),
    ],
    ['assets/index-D8_s3xHQ.css', Buffer.from('html, body { margin: 0; background: rgb(10, 120, 200); color: white; } h1 { font: 48px sans-serif; margin: 40px; }')],
    [
      'assets/index-BqGk3kX_.js',
      Buffer.from(`
const root = document.getElementById('root');
root.innerHTML = '<h1>  Rockets\\n for everyone </h1><p></p><p>The first paragraph.</p>';
document.title = 'Rendered title';
fetch(${JSON.stringify(thirdPartyUrl)} + '/beacon').catch(() => {});
`),
    ],
  ]);

describe('screenshotSite', () => {
  it('screenshots the rendered page at 1200x630 and reads what it shows, reaching nothing but its own files', async () => {
    const { png, facts } = await screenshotSite(site(), { chromiumPath, timeoutMs: 60_000 });
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
    expect(png.byteLength).toBeLessThanOrEqual(MAX_SHARE_IMAGE_BYTES);
    // The stylesheet was applied: the bottom-right corner is the page's blue.
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const at = ((info.height - 5) * info.width + (info.width - 5)) * 3;
    expect([data[at], data[at + 1], data[at + 2]]).toEqual([10, 120, 200]);
    expect(facts).toEqual({ title: 'Rendered title', description: 'Fusées pour tous', h1: 'Rockets for everyone', firstParagraph: 'The first paragraph.', lang: 'fr' });
    expect(thirdPartyHits).toBe(0);
    expect(chromiumChildren()).toEqual([]);
  }, 90_000);

  it('gives up after its budget on a page that never finishes, and leaves no browser behind', async () => {
    // An inline script that never returns: the load event never comes.
    const files = new Map([['index.html', Buffer.from('<!doctype html><html><body><h1>stuck</h1><script>for (;;) {}</script></body></html>')]]);
    const started = Date.now();
    await expect(screenshotSite(files, { chromiumPath, timeoutMs: 8_000 })).rejects.toThrow(/longer than 8000 ms/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(chromiumChildren()).toEqual([]);
  }, 60_000);

  it('fails (and cleans up) when Chromium cannot be launched', async () => {
    await expect(screenshotSite(site(), { chromiumPath: '/nonexistent/chromium', timeoutMs: 10_000 })).rejects.toThrow();
    expect(chromiumChildren()).toEqual([]);
  });
});
