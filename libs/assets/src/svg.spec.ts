import { StudioError } from '@studio/contracts';
import { processUpload } from './process-upload.js';
import { sanitizeSvg } from './svg.js';

const svg = (body: string, attrs = 'width="120" height="60"') => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attrs}>${body}</svg>`);

const codeOf = async (run: () => Promise<unknown>) => {
  try {
    await run();
    return 'OK';
  } catch (err) {
    if (!(err instanceof StudioError)) throw err;
    return err.code;
  }
};

describe('sanitizeSvg', () => {
  const hostile = svg(
    [
      '<script>alert(1)</script>',
      '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><img src="https://evil.test/x.png"/></div></foreignObject>',
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient><path id="p" d="M0 0h5v5z"/></defs>',
      '<rect id="shape" width="100" height="50" fill="url(#g)" onclick="alert(2)" style="background:url(http://evil.test/bg.png)"/>',
      '<circle cx="10" cy="10" r="5" fill="url(https://evil.test/g.svg#a)"/>',
      '<use xlink:href="https://evil.test/sprite.svg#icon"/>',
      '<use href="#p"/>',
      '<image href="https://evil.test/pixel.png" width="1" height="1"/>',
      '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>',
      '<image href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>',
      '<a href="javascript:alert(3)"><text x="1" y="20">Hello</text></a>',
      '<style>@import url(https://evil.test/a.css); rect { fill: red }</style>',
    ].join(''),
    'width="120" height="60" onload="alert(4)"',
  );

  it('removes script, handlers, foreignObject and every external reference, and keeps the shapes', async () => {
    const out = (await sanitizeSvg(hostile)).bytes.toString('utf8');
    for (const gone of ['<script', 'alert(', 'onload', 'onclick', 'foreignObject', 'foreignobject', 'evil.test', 'javascript:', '@import', 'data:image/svg+xml']) {
      expect(out).not.toContain(gone);
    }
    for (const kept of ['<rect id="shape"', 'fill="url(#g)"', '<circle', '<linearGradient id="g"', '<use href="#p"', 'data:image/png;base64,iVBORw0KGgo=', '<text x="1" y="20">Hello</text>']) {
      expect(out).toContain(kept);
    }
    expect(out.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('gives the size from width and height, else the viewBox, else none', async () => {
    expect(await sanitizeSvg(svg('<rect width="1" height="1"/>', 'width="120px" height="60"'))).toMatchObject({ width: 120, height: 60 });
    expect(await sanitizeSvg(svg('<rect width="1" height="1"/>', 'width="100%" viewBox="0 0 24 12"'))).toMatchObject({ width: 24, height: 12 });
    const none = await sanitizeSvg(svg('<rect width="1" height="1"/>', ''));
    expect([none.width, none.height]).toEqual([undefined, undefined]);
  });

  it('accepts a BOM, an XML declaration, comments and CDATA', async () => {
    const text = `\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- Made by hand -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style><![CDATA[ rect { fill: #0a0 } ]]></style><rect width="10" height="10"/></svg>`;
    const out = await sanitizeSvg(Buffer.from(text));
    expect(out).toMatchObject({ width: 10, height: 10 });
    expect(out.bytes.toString('utf8')).toContain('rect { fill: #0a0 }');
  });

  it('refuses what is not well-formed XML with an svg root as unreadable', async () => {
    expect(await codeOf(() => sanitizeSvg(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>')))).toBe('ASSET_UNREADABLE');
    expect(await codeOf(() => sanitizeSvg(Buffer.from('<html><body>hi</body></html>')))).toBe('ASSET_UNREADABLE');
    expect(await codeOf(() => sanitizeSvg(Buffer.from('<svg><rect/></svg>')))).toBe('ASSET_UNREADABLE');
    expect(await codeOf(() => sanitizeSvg(Buffer.from([0x3c, 0x73, 0x76, 0x67, 0xff, 0xfe])))).toBe('ASSET_UNREADABLE');
  });

  it('is what processUpload does with an SVG, bytes and size', async () => {
    const out = await processUpload(hostile, 'image/svg+xml', 'asset');
    expect(out).toMatchObject({ kind: 'image', contentType: 'image/svg+xml', ext: 'svg', width: 120, height: 60, variants: [] });
    expect(out.bytes.toString('utf8')).not.toContain('<script');
  });
});
