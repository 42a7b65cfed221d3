import { contextAssets, lastChangedOf, recentlyChangedOf } from './turn-context.js';

const h = (c: string) => c.repeat(64);

describe('contextAssets', () => {
  const manifest = {
    'src/App.tsx': { sha256: h('0') },
    'public/assets/logo.png': { sha256: h('a') },
    'public/assets/logo-480w.webp': { sha256: h('b') },
    'public/assets/renamed-photo.jpg': { sha256: h('c') },
    'public/assets/drawn.svg': { sha256: h('d') },
    'public/assets/brand.woff2': { sha256: h('e') },
  };
  const rows = [
    {
      sha256: h('a'),
      kind: 'image' as const,
      width: 1200,
      height: 400,
      alt: 'Acme logo',
      variants: [
        { path: 'public/assets/logo-480w.webp', width: 480, height: 160, bytes: 10 },
        // A variant the version no longer holds is not offered to the model.
        { path: 'public/assets/logo-960w.webp', width: 960, height: 320, bytes: 20 },
      ],
    },
    // Metadata follows the bytes: the photo was stored as photo.jpg and renamed since.
    { sha256: h('c'), kind: 'image' as const, width: 800, height: 600, alt: '', variants: [] },
  ];

  it('lists the files under public/assets/ as page URLs with their recorded metadata, variants folded into their asset', () => {
    const assets = contextAssets(manifest, rows);
    expect(assets).toEqual([
      { url: '/assets/logo.png', kind: 'image', width: 1200, height: 400, alt: 'Acme logo', variants: [{ url: '/assets/logo-480w.webp', width: 480 }] },
      { url: '/assets/renamed-photo.jpg', kind: 'image', width: 800, height: 600, alt: '', variants: [] },
      { url: '/assets/drawn.svg', kind: 'image', alt: '', variants: [] },
      { url: '/assets/brand.woff2', kind: 'font', alt: '', variants: [] },
    ]);
  });

  it('lists nothing for a project without assets', () => {
    expect(contextAssets({ 'src/App.tsx': { sha256: h('0') } }, [])).toEqual([]);
  });
});

describe('lastChangedOf', () => {
  const v = (number: number, source: 'template' | 'ai' | 'user' | 'restore', paths: string[]) => ({ number, source, changes: paths.map((path) => ({ action: 'write' as const, path })) });

  it('gives each file the latest version that changed it up to the base, the project’s creation not counting', () => {
    const history = [
      v(5, 'ai', ['src/Hero.tsx']),
      v(4, 'user', ['src/Footer.tsx']),
      v(3, 'ai', ['src/Hero.tsx', 'src/App.tsx']),
      v(2, 'restore', ['src/App.tsx']),
      v(1, 'template', ['src/Hero.tsx', 'src/App.tsx', 'src/Footer.tsx', 'index.html']),
    ];
    expect(lastChangedOf(history, 4)).toEqual({ 'src/Footer.tsx': 4, 'src/Hero.tsx': 3, 'src/App.tsx': 3 });
    expect(lastChangedOf(history.slice(-1), 1)).toEqual({});
  });
});

describe('recentlyChangedOf', () => {
  it('lists the paths the latest versions changed, newest first, each once (a rename by its new path)', () => {
    const history = [
      { changes: [{ action: 'write' as const, path: 'src/a.ts' }] },
      { changes: [{ action: 'rename' as const, from: 'src/old.ts', path: 'src/new.ts' }] },
      { changes: [{ action: 'write' as const, path: 'src/a.ts' }] },
      { changes: [{ action: 'write' as const, path: 'src/App.tsx' }] },
    ];
    expect(recentlyChangedOf(history)).toEqual(['src/a.ts', 'src/new.ts']);
    expect(recentlyChangedOf(history, 1)).toEqual(['src/a.ts']);
    expect(recentlyChangedOf([])).toEqual([]);
  });
});
