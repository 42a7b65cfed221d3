import { assetPathOf, findAssetRefs } from './asset-refs.js';

const refs = (path: string, content: string) => findAssetRefs(path, content).map((r) => [r.path, r.line, r.column]);

describe('findAssetRefs', () => {
  it('finds an <img src> with the line and column of the address', () => {
    const src = 'export default function A() {\n  return <img src="/assets/logo.png" alt="" />;\n}\n';
    expect(refs('src/A.tsx', src)).toEqual([['public/assets/logo.png', 2, 20]]);
  });

  it('finds src written as a string in braces, poster, and every candidate of a srcSet', () => {
    const src = [
      'export const A = () => (',
      '  <>',
      '    <img src={\'/assets/a.png\'} srcSet="/assets/a-480w.webp 480w, /assets/a-960w.webp 960w" alt="" />',
      '    <video poster="/assets/poster.jpg" />',
      '  </>',
      ');',
    ].join('\n');
    expect(findAssetRefs('src/A.tsx', src).map((r) => r.url)).toEqual(['/assets/a.png', '/assets/a-480w.webp', '/assets/a-960w.webp', '/assets/poster.jpg']);
    const second = findAssetRefs('src/A.tsx', src)[2];
    expect([second.line, second.column]).toEqual([3, src.split('\n')[2].indexOf('/assets/a-960w') + 1]);
  });

  it('finds an import of an asset and a section prop object with src', () => {
    const src = "import logo from '/assets/logo.svg';\nexport const hero = { image: { src: '/assets/hero.jpg', alt: 'x', width: 1, height: 1 } };\nexport { logo };\n";
    expect(refs('src/a.ts', src)).toEqual([
      ['public/assets/logo.svg', 1, 19],
      ['public/assets/hero.jpg', 2, 38],
    ]);
  });

  it('finds CSS url() in a style string, in each quoting', () => {
    const src = `export const A = () => <div style={{ backgroundImage: "url('/assets/bg.webp')" }} />;\nexport const B = () => <div style={{ background: 'url(/assets/b.png) center' }} />;\n`;
    expect(findAssetRefs('src/A.tsx', src).map((r) => r.path)).toEqual(['public/assets/bg.webp', 'public/assets/b.png']);
  });

  it('finds url() in CSS files (bare, single and double quotes) and skips comments', () => {
    const css = '.a { background: url(/assets/a.png); }\n/* url(/assets/commented.png) */\n.b { background: url( "/assets/b.png" ); }\n.c { mask: url(\'/assets/c.svg\'); }\n';
    expect(refs('src/index.css', css)).toEqual([
      ['public/assets/a.png', 1, 22],
      ['public/assets/b.png', 3, 24],
      ['public/assets/c.svg', 4, 17],
    ]);
  });

  it('does not check computed addresses, template literals, other folders or remote images', () => {
    const src = [
      'const name = "logo.png";',
      'export const A = () => (',
      '  <>',
      '    <img src={`/assets/${name}`} alt="" />',
      '    <img src={`/assets/fixed.png`} alt="" />',
      '    <img src={asset.src} alt="" />',
      '    <img src="/favicon.svg" alt="" />',
      '    <img src="https://example.com/a.png" alt="" />',
      '    <a href="/assets/brochure.pdf">Brochure</a>',
      '  </>',
      ');',
    ].join('\n');
    expect(findAssetRefs('src/A.tsx', src)).toEqual([]);
  });

  it('finds nothing in a file that does not parse or is not code', () => {
    expect(findAssetRefs('src/A.tsx', 'export const A = () => <img src="/assets/a.png"')).toEqual([]);
    expect(findAssetRefs('README.md', '![x](/assets/a.png) url(/assets/a.png)')).toEqual([]);
  });
});

describe('assetPathOf', () => {
  it('maps the URL to the file under public/, without query or hash, with %-escapes decoded', () => {
    expect(assetPathOf('/assets/my%20logo.png?v=2#x')).toBe('public/assets/my logo.png');
    expect(assetPathOf('/assets/bad%zz.png')).toBe('public/assets/bad%zz.png');
  });
});
