import { listAssets } from './asset-listing.js';

const sha = (c: string) => c.repeat(64);
const row = (sha256: string, over: Partial<Parameters<typeof listAssets>[1][number]> = {}) => ({
  sha256,
  kind: 'image' as const,
  contentType: 'image/jpeg' as const,
  width: 2400,
  height: 1600,
  dominantColor: '#334455',
  alt: 'A hero',
  variants: [
    { path: 'public/assets/hero-480w.webp', width: 480, height: 320, bytes: 10 },
    { path: 'public/assets/hero-960w.webp', width: 960, height: 640, bytes: 20 },
  ],
  ...over,
});

describe('listAssets', () => {
  it('lists originals under public/assets with their metadata and their variants, not the variants on their own', () => {
    const files = [
      { path: 'src/App.tsx', size: 100, sha256: sha('0') },
      { path: 'public/assets/hero.jpg', size: 5000, sha256: sha('a') },
      { path: 'public/assets/hero-480w.webp', size: 11, sha256: sha('b') },
      { path: 'public/assets/hero-960w.webp', size: 21, sha256: sha('c') },
      { path: 'public/favicon.svg', size: 50, sha256: sha('d') },
    ];
    expect(listAssets(files, [row(sha('a'))])).toEqual([
      {
        path: 'public/assets/hero.jpg',
        url: '/assets/hero.jpg',
        kind: 'image',
        contentType: 'image/jpeg',
        bytes: 5000,
        width: 2400,
        height: 1600,
        dominantColor: '#334455',
        alt: 'A hero',
        variants: [
          { path: 'public/assets/hero-480w.webp', width: 480, height: 320, bytes: 11 },
          { path: 'public/assets/hero-960w.webp', width: 960, height: 640, bytes: 21 },
        ],
      },
    ]);
  });

  it('keeps metadata by hash when the file was renamed (its variants follow by width)', () => {
    const files = [
      { path: 'public/assets/brand.jpg', size: 5000, sha256: sha('a') },
      { path: 'public/assets/brand-480w.webp', size: 11, sha256: sha('b') },
    ];
    const [asset] = listAssets(files, [row(sha('a'))]);
    expect(asset).toMatchObject({ path: 'public/assets/brand.jpg', alt: 'A hero', width: 2400, variants: [{ path: 'public/assets/brand-480w.webp', width: 480, height: 320 }] });
  });

  it('lists a file with no metadata with what its path and size say', () => {
    const files = [
      { path: 'public/assets/wave.svg', size: 300, sha256: sha('e') },
      { path: 'public/assets/inter.woff2', size: 9000, sha256: sha('f') },
    ];
    expect(listAssets(files, [])).toEqual([
      { path: 'public/assets/inter.woff2', url: '/assets/inter.woff2', kind: 'font', contentType: 'font/woff2', bytes: 9000, alt: '', variants: [] },
      { path: 'public/assets/wave.svg', url: '/assets/wave.svg', kind: 'image', contentType: 'image/svg+xml', bytes: 300, alt: '', variants: [] },
    ]);
  });

  it('lists a variant whose original is gone on its own, and ignores other files and folders', () => {
    const files = [
      { path: 'public/assets/old-480w.webp', size: 7, sha256: sha('1') },
      { path: 'public/assets/notes.txt', size: 7, sha256: sha('2') },
      { path: 'public/assets/sub/deep.png', size: 7, sha256: sha('3') },
    ];
    expect(listAssets(files, []).map((a) => a.path)).toEqual(['public/assets/old-480w.webp']);
  });
});
