import { assetSlug, assetUrl, isAssetPath, isVariantPath, originalOf, uniqueAssetPath, variantPath, variantsOf, variantWidth } from './asset-paths.js';

describe('asset paths', () => {
  it("makes slugs of plain lowercase ASCII from a person's file name", () => {
    expect(assetSlug('Logo Final.PNG')).toBe('logo-final');
    expect(assetSlug('Café Crème — été 2026.jpg')).toBe('cafe-creme-ete-2026');
    expect(assetSlug('Straße_Øresund.webp')).toBe('strasse-oresund');
    expect(assetSlug('../../etc/passwd.png')).toBe('passwd');
    expect(assetSlug('照片.png')).toBe('image');
    expect(assetSlug('…', 'font')).toBe('font');
    expect(assetSlug(`${'a'.repeat(100)}.png`)).toHaveLength(60);
    // A name shaped like a variant's would be taken for one.
    expect(assetSlug('hero-480w.png')).toBe('hero-480w-img');
  });

  it('stores an upload under public/assets/ with the extension of its type, unique with -2, -3', () => {
    const taken = new Set(['public/assets/logo.png', 'public/assets/logo-2.svg', 'public/assets/hero-960w.webp']);
    const has = (p: string) => taken.has(p);
    expect(uniqueAssetPath('Logo.png', 'image/png', has)).toBe('public/assets/logo-3.png');
    // Another format of the same slug is taken too: their variants would share names.
    expect(uniqueAssetPath('logo.jpeg', 'image/jpeg', has)).toBe('public/assets/logo-3.jpg');
    // So is a slug whose variant name exists.
    expect(uniqueAssetPath('hero.jpg', 'image/jpeg', has)).toBe('public/assets/hero-2.jpg');
    expect(uniqueAssetPath('Brand Sans.woff2', 'font/woff2', has)).toBe('public/assets/brand-sans.woff2');
    expect(uniqueAssetPath('%%%.woff2', 'font/woff2', has)).toBe('public/assets/font.woff2');
    const long = uniqueAssetPath(`${'b'.repeat(80)}.png`, 'image/png', (p) => p === `public/assets/${'b'.repeat(60)}.png`);
    expect(long).toBe(`public/assets/${'b'.repeat(58)}-2.png`);
  });

  it('names variants beside their original and finds them back', () => {
    expect(variantPath('public/assets/hero.jpg', 480)).toBe('public/assets/hero-480w.webp');
    const paths = [
      'public/assets/hero.jpg',
      'public/assets/hero-960w.webp',
      'public/assets/hero-480w.webp',
      'public/assets/hero-2.png',
      'public/assets/hero-2-480w.webp',
      'public/assets/logo.svg',
      'src/App.tsx',
    ];
    expect(variantsOf('public/assets/hero.jpg', paths)).toEqual(['public/assets/hero-480w.webp', 'public/assets/hero-960w.webp']);
    expect(variantsOf('public/assets/hero-2.png', paths)).toEqual(['public/assets/hero-2-480w.webp']);
    expect(variantsOf('public/assets/logo.svg', paths)).toEqual([]);
    expect(originalOf('public/assets/hero-2-480w.webp', paths)).toBe('public/assets/hero-2.png');
    expect(originalOf('public/assets/hero.jpg', paths)).toBeUndefined();
    expect(originalOf('public/assets/gone-480w.webp', paths)).toBeUndefined();
    expect(variantWidth('public/assets/hero-960w.webp')).toBe(960);
    expect(variantWidth('public/assets/hero.jpg')).toBeUndefined();
  });

  it('tells asset paths and variant paths from other files', () => {
    expect(isAssetPath('public/assets/logo.png')).toBe(true);
    expect(isAssetPath('public/assets/brand.woff2')).toBe(true);
    expect(isAssetPath('public/assets/notes.txt')).toBe(false);
    expect(isAssetPath('public/assets/icons/x.svg')).toBe(false);
    expect(isAssetPath('src/assets/logo.png')).toBe(false);
    expect(isVariantPath('public/assets/hero-480w.webp')).toBe(true);
    expect(isVariantPath('public/assets/hero-480w.png')).toBe(false);
    expect(isVariantPath('public/assets/hero.webp')).toBe(false);
  });

  it('gives the URL a page writes', () => {
    expect(assetUrl('public/assets/logo.png')).toBe('/assets/logo.png');
    expect(assetUrl('public/favicon.svg')).toBe('/favicon.svg');
    expect(() => assetUrl('src/logo.png')).toThrow();
  });
});
