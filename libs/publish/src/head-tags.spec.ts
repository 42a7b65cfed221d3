import fc from 'fast-check';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { type HeadMeta, readPageFacts, withHeadTags } from './head-tags.js';
import { oneLine } from './html-escape.js';

type Element = DefaultTreeAdapterTypes.Element;
type Node = DefaultTreeAdapterTypes.Node;

/** Every element of the parsed output, in document order, as a browser would see them. */
function elements(html: string): Element[] {
  const out: Element[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node) out.push(node);
    if ('childNodes' in node) node.childNodes.forEach(walk);
  };
  walk(parse(html));
  return out;
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const inHead = (html: string) => elements(html).filter((el) => el.parentNode && 'tagName' in el.parentNode && el.parentNode.tagName === 'head');
const metas = (html: string, key: 'name' | 'property', value: string) => inHead(html).filter((el) => el.tagName === 'meta' && attr(el, key) === value);
const content = (html: string, key: 'name' | 'property', value: string) => metas(html, key, value).map((el) => attr(el, 'content'));
const titles = (html: string) =>
  inHead(html)
    .filter((el) => el.tagName === 'title')
    .map((el) => el.childNodes.map((n) => ('value' in n ? n.value : '')).join(''));
const links = (html: string, rel: string) => inHead(html).filter((el) => el.tagName === 'link' && attr(el, 'rel') === rel);

const VITE_PAGE = `<!doctype html>
<html lang="de">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" type="image/svg+xml" href="/vite.svg" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Old title</title>
    <meta name="description" content="Old description">
    <meta property="og:title" content="Old og">
    <meta property="og:image" content="https://old.example/x.png">
    <meta property="og:image:width" content="10">
    <meta name="twitter:card" content="summary">
    <meta name="robots" content="noindex">
    <link rel="canonical" href="https://old.example/">
    <script type="module" crossorigin src="/assets/index-BqGk3kX_.js"></script>
    <link rel="stylesheet" crossorigin href="/assets/index-D8_s3xHQ.css">
  </head>
  <body>
    <div id="root"></div>
    <svg><title>An icon's own title</title></svg>
  </body>
</html>
`;

const META: HeadMeta = {
  canonicalUrl: 'http://acme.sites.localhost:3100/',
  title: 'Acme rockets',
  description: 'Rockets for everyone',
  imageUrl: 'http://acme.sites.localhost:3100/og-image.png',
  imageAlt: 'The Acme home page',
  imageWidth: 1200,
  imageHeight: 630,
  faviconPaths: { icon: '/favicon-32.png', apple: '/apple-touch-icon.png' },
  noindex: false,
  siteName: 'Acme',
};

describe('readPageFacts', () => {
  it('reads the static title, description and language', () => {
    expect(readPageFacts(VITE_PAGE)).toEqual({ title: 'Old title', description: 'Old description', lang: 'de' });
  });

  it('decodes references, joins lines, and leaves out what is missing or empty', () => {
    expect(readPageFacts('<html><head><title>\n  A &amp; B\n  </title><meta name="description" content="  "></head></html>')).toEqual({ title: 'A & B' });
    expect(readPageFacts('<p>no head at all')).toEqual({});
  });

  it('does not take an SVG title in the body for the page title', () => {
    expect(readPageFacts('<html><head></head><body><svg><title>icon</title></svg></body></html>')).toEqual({});
  });
});

describe('withHeadTags', () => {
  it('sets every tag once, from the settings', () => {
    const html = withHeadTags(VITE_PAGE, META);
    expect(titles(html)).toEqual(['Acme rockets']);
    expect(content(html, 'name', 'description')).toEqual(['Rockets for everyone']);
    expect(links(html, 'canonical').map((l) => attr(l, 'href'))).toEqual(['http://acme.sites.localhost:3100/']);
    expect(content(html, 'property', 'og:type')).toEqual(['website']);
    expect(content(html, 'property', 'og:url')).toEqual(['http://acme.sites.localhost:3100/']);
    expect(content(html, 'property', 'og:title')).toEqual(['Acme rockets']);
    expect(content(html, 'property', 'og:description')).toEqual(['Rockets for everyone']);
    expect(content(html, 'property', 'og:site_name')).toEqual(['Acme']);
    expect(content(html, 'property', 'og:image')).toEqual(['http://acme.sites.localhost:3100/og-image.png']);
    expect(content(html, 'property', 'og:image:width')).toEqual(['1200']);
    expect(content(html, 'property', 'og:image:height')).toEqual(['630']);
    expect(content(html, 'property', 'og:image:alt')).toEqual(['The Acme home page']);
    expect(content(html, 'name', 'twitter:card')).toEqual(['summary_large_image']);
    expect(content(html, 'name', 'twitter:title')).toEqual(['Acme rockets']);
    expect(content(html, 'name', 'twitter:description')).toEqual(['Rockets for everyone']);
    expect(content(html, 'name', 'twitter:image')).toEqual(['http://acme.sites.localhost:3100/og-image.png']);
    expect(content(html, 'name', 'twitter:image:alt')).toEqual(['The Acme home page']);
    expect(links(html, 'icon').map((l) => [attr(l, 'href'), attr(l, 'type')])).toEqual([['/favicon-32.png', 'image/png']]);
    expect(links(html, 'apple-touch-icon').map((l) => attr(l, 'href'))).toEqual(['/apple-touch-icon.png']);
    // The site is indexable: the page's own robots tag is gone.
    expect(metas(html, 'name', 'robots')).toHaveLength(0);
  });

  it('keeps everything else of the page byte for byte', () => {
    const html = withHeadTags(VITE_PAGE, META);
    for (const kept of [
      '<meta charset="UTF-8" />',
      '<meta name="viewport" content="width=device-width, initial-scale=1.0" />',
      '<script type="module" crossorigin src="/assets/index-BqGk3kX_.js"></script>',
      '<link rel="stylesheet" crossorigin href="/assets/index-D8_s3xHQ.css">',
      "<svg><title>An icon's own title</title></svg>",
      '<html lang="de">',
    ]) {
      expect(html).toContain(kept);
    }
    expect(html).not.toContain('Old');
    expect(html).not.toContain('old.example');
    expect(html).not.toContain('/vite.svg');
    // Still one head, with the new tags in it.
    expect(html.match(/<head>/g)).toHaveLength(1);
    expect(html.indexOf('<title>Acme rockets</title>')).toBeLessThan(html.indexOf('</head>'));
  });

  it('is stable: applying the same settings twice gives the same page', () => {
    const once = withHeadTags(VITE_PAGE, META);
    expect(withHeadTags(once, META)).toBe(once);
  });

  it('escapes every value so no setting can break out of its attribute or element', () => {
    const evil = '"><script>alert(1)</script><meta name="x" content=\'&amp;';
    const html = withHeadTags(VITE_PAGE, {
      ...META,
      title: `</title><script>alert(1)</script> & "quoted" 'single'`,
      description: evil,
      imageAlt: evil,
      siteName: evil,
      canonicalUrl: 'https://acme.example/"><script>x</script>',
      imageUrl: 'https://acme.example/og.png?a=1&b="2"',
    });
    // No script but the page's own, no meta named "x": nothing got out.
    expect(elements(html).filter((el) => el.tagName === 'script')).toHaveLength(1);
    expect(metas(html, 'name', 'x')).toHaveLength(0);
    expect(titles(html)).toEqual([`</title><script>alert(1)</script> & "quoted" 'single'`]);
    expect(content(html, 'name', 'description')).toEqual([evil]);
    expect(content(html, 'property', 'og:site_name')).toEqual([evil]);
    expect(content(html, 'property', 'og:image:alt')).toEqual([evil]);
    expect(content(html, 'property', 'og:image')).toEqual(['https://acme.example/og.png?a=1&b="2"']);
    expect(links(html, 'canonical').map((l) => attr(l, 'href'))).toEqual(['https://acme.example/"><script>x</script>']);
  });

  it('carries any title and description through a browser-grade parse unchanged, adding no element', () => {
    // Markup fragments mixed with any text (settings are text(): no NUL, no lone surrogates; both refused earlier).
    const hostile = fc
      .array(fc.oneof(fc.constantFrom('"', "'", '<', '>', '&', '&amp;', '</title>', '<script>', '-->', '<!--', '\n', '\r\n', ' '), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 12 })
      .map((parts) => parts.join('').replaceAll('\u0000', ''));
    const plain = elements(withHeadTags(VITE_PAGE, { ...META, title: 'x', description: 'y', imageAlt: 'z' })).length;
    fc.assert(
      fc.property(hostile, hostile, hostile, (title, description, imageAlt) => {
        const html = withHeadTags(VITE_PAGE, { ...META, title, description, imageAlt });
        const described = oneLine(description);
        const alt = oneLine(imageAlt);
        expect(titles(html)).toEqual([oneLine(title)]);
        expect(content(html, 'property', 'og:title')).toEqual([oneLine(title)]);
        expect(content(html, 'name', 'description')).toEqual(described ? [described] : []);
        expect(content(html, 'property', 'og:image:alt')).toEqual(alt ? [alt] : []);
        // Empty values drop a tag or two; nothing a value holds ever adds one.
        expect(elements(html).length).toBeLessThanOrEqual(plain);
        expect(elements(html).filter((el) => el.tagName === 'script')).toHaveLength(1);
      }),
      { numRuns: 150 },
    );
  }, 30_000);

  it('asks robots not to index while noindex is set, and uses the small card without an image', () => {
    const html = withHeadTags(VITE_PAGE, { canonicalUrl: 'https://a.example/', title: 'A', description: '', noindex: true });
    expect(content(html, 'name', 'robots')).toEqual(['noindex, nofollow']);
    expect(content(html, 'name', 'twitter:card')).toEqual(['summary']);
    expect(content(html, 'property', 'og:image')).toEqual([]);
    expect(content(html, 'property', 'og:image:width')).toEqual([]);
    // No description: none of the page's is left either.
    expect(content(html, 'name', 'description')).toEqual([]);
    expect(content(html, 'property', 'og:description')).toEqual([]);
    // Without favicons given, the page's own icon stays.
    expect(links(html, 'icon').map((l) => attr(l, 'href'))).toEqual(['/vite.svg']);
  });

  it('removes duplicates the page had, case-insensitively', () => {
    const page =
      '<!doctype html><html><head><TITLE>a</TITLE><title>b</title><META NAME="Description" content="x"><meta property="OG:TITLE" content="y"><link rel="Canonical" href="/"></head><body></body></html>';
    const html = withHeadTags(page, META);
    expect(titles(html)).toEqual(['Acme rockets']);
    expect(inHead(html).filter((el) => el.tagName === 'meta' && attr(el, 'name')?.toLowerCase() === 'description')).toHaveLength(1);
    expect(inHead(html).filter((el) => el.tagName === 'meta' && attr(el, 'property')?.toLowerCase() === 'og:title')).toHaveLength(1);
    expect(inHead(html).filter((el) => el.tagName === 'link' && attr(el, 'rel')?.toLowerCase() === 'canonical')).toHaveLength(1);
  });

  it('is not fooled by a script or comment holding "</head>"', () => {
    const page = '<!doctype html><html><head><!-- </head> --><script>const s = "</head><title>no</title>";</script><title>t</title></head><body><p>x</p></body></html>';
    const html = withHeadTags(page, META);
    expect(html).toContain('<!-- </head> --><script>const s = "</head><title>no</title>";</script>');
    expect(titles(html)).toEqual(['Acme rockets']);
    expect(html.indexOf('<title>Acme rockets</title>')).toBeGreaterThan(html.indexOf('</script>'));
  });

  it.each([
    ['no head end tag', '<!doctype html><html><head><meta charset="utf-8"><title>x</title><body><p>hi</p></body></html>'],
    ['no head at all', '<!doctype html><html><body><p>hi</p></body></html>'],
    ['no html, head or body tags', '<!doctype html><title>x</title><p>hi</p>'],
    ['a bare fragment', '<p>hi</p>'],
    ['a byte-order mark', '\uFEFF<!doctype html><html><head><title>x</title></head><body><p>hi</p></body></html>'],
    ['an empty file', ''],
  ])('puts the tags in the head of a page with %s', (_, page) => {
    const html = withHeadTags(page, META);
    expect(titles(html)).toEqual(['Acme rockets']);
    expect(content(html, 'property', 'og:title')).toEqual(['Acme rockets']);
    expect(links(html, 'canonical')).toHaveLength(1);
    // The body's content is still the body's.
    if (page.includes('<p>hi</p>')) expect(elements(html).find((el) => el.tagName === 'p')?.parentNode).toMatchObject({ tagName: 'body' });
  });
});
