import { assetListing, type ContextAsset, MAX_LISTED_ASSETS } from './asset-list.js';
import { buildContext } from './context-builder.js';
import { TokenCounter } from './token-counter.js';

const logo: ContextAsset = {
  url: '/assets/logo.png',
  kind: 'image',
  width: 1200,
  height: 400,
  alt: 'Acme logo',
  variants: [
    { url: '/assets/logo-960w.webp', width: 960 },
    { url: '/assets/logo-480w.webp', width: 480 },
  ],
};

describe('assetListing', () => {
  it('lists each asset on one line: path, size, alt text and variants by width', () => {
    const text = assetListing([
      logo,
      { url: '/assets/hero.jpg', kind: 'image', width: 1920, height: 1080, alt: '', variants: [] },
      { url: '/assets/brand.woff2', kind: 'font', alt: '', variants: [] },
    ]);
    expect(text.split('\n')).toEqual([
      '## Project assets (files under public/assets/, written /assets/<file> in pages)',
      '- /assets/brand.woff2 font',
      '- /assets/hero.jpg 1920x1080; no alt text yet: write one',
      '- /assets/logo.png 1200x400; alt "Acme logo"; variants: /assets/logo-480w.webp 480w, /assets/logo-960w.webp 960w',
      '',
    ]);
  });

  it('keeps an alt text with quotes or line breaks on its line', () => {
    expect(assetListing([{ ...logo, variants: [], alt: 'The "Acme"\nlogo' }])).toContain('- /assets/logo.png 1200x400; alt "The \\"Acme\\"\\nlogo"\n');
  });

  it('is empty without assets, and caps a long list with how many more there are', () => {
    expect(assetListing([])).toBe('');
    expect(assetListing(undefined)).toBe('');
    const many = Array.from({ length: MAX_LISTED_ASSETS + 7 }, (_, i) => ({ ...logo, url: `/assets/p${String(i).padStart(3, '0')}.png`, variants: [] }));
    const lines = assetListing(many).trimEnd().split('\n');
    expect(lines).toHaveLength(1 + MAX_LISTED_ASSETS + 1);
    expect(lines.at(-1)).toBe('- and 7 more');
    expect(lines[1]).toContain('/assets/p000.png');
  });
});

describe('buildContext with assets', () => {
  const input = {
    staticPrompt: 'You build landing pages.\n',
    message: 'Use our logo in the navbar',
    files: [{ path: 'src/App.tsx', content: 'export default 1;\n' }],
    contextWindow: 32_000,
    maxOutputTokens: 4000,
  };

  it('lists the assets in the dynamic part, counted with the tree, and leaves the static prompt as it is', () => {
    const counter = new TokenCounter();
    const without = buildContext(input, counter);
    const withAssets = buildContext({ ...input, assets: [logo] }, counter);
    expect(withAssets.system.static).toBe(without.system.static);
    expect(withAssets.system.dynamic).toContain('## Project assets');
    expect(withAssets.system.dynamic).toContain('- /assets/logo.png 1200x400; alt "Acme logo"');
    expect(without.system.dynamic).not.toContain('## Project assets');
    expect(withAssets.report.tokens.tree).toBeGreaterThan(without.report.tokens.tree);
  });
});
