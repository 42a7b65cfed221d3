import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ComponentLibrary } from './component-library.js';

/**
 * The real library in templates/library against its manifest and the rules the model and the templates
 * rely on: every component renders alone (all props optional), imports only the preview image's packages,
 * and styles only through the theme's names, so a theme change restyles every section.
 */
const DIR = resolve('templates/library');
const PREVIEW_PACKAGES = Object.keys(JSON.parse(readFileSync(resolve('docker/preview/package.json'), 'utf8')).dependencies);
const CATEGORIES = ['navbar', 'hero', 'logos', 'features', 'pricing', 'testimonials', 'faq', 'stats', 'cta', 'newsletter', 'team', 'footer'];
// Tailwind's own palette, and literal colours: either would escape the theme.
const PALETTE =
  /\b(?:bg|text|border|ring|from|via|to|fill|stroke|outline|divide|shadow|decoration|placeholder|caret|accent)-(?:slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose|white|black)\b/;
const LITERAL_COLOUR = /#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(|\boklch\(/;

let library: ComponentLibrary;
beforeAll(async () => {
  library = await ComponentLibrary.load(DIR);
});

const bareImports = (source: string) =>
  [...new Set([...source.matchAll(/^\s*import\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]/gm)].map((m) => m[1]))]
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]))
    .sort();

describe('the component library', () => {
  it('has 20 or more sections covering every category', () => {
    const list = library.list();
    expect(list.length).toBeGreaterThanOrEqual(20);
    for (const category of CATEGORIES) expect(list.some((c) => c.category === category)).toBe(true);
  });
});

describe.each((JSON.parse(readFileSync(join(DIR, 'library.json'), 'utf8')) as { components: { id: string }[] }).components.map((c) => c.id))('component %s', (id) => {
  const source = () => library.source(id)!;
  const entry = () => library.get(id)!;

  it('lists exactly the packages it imports, all of them in the preview image, and no relative files', () => {
    const imports = bareImports(source());
    expect(imports.filter((s) => s.startsWith('.'))).toEqual([]);
    expect(entry().imports).toEqual(imports);
    for (const name of imports) expect(PREVIEW_PACKAGES).toContain(name);
  });

  it('default-exports one component whose props are all optional and all documented', () => {
    expect(source()).toMatch(/^export default function [A-Z][A-Za-z0-9]*\(/m);
    const props = /export interface \w+Props \{([\s\S]*?)\n\}/.exec(source());
    expect(props).not.toBeNull();
    // Top-level members only (two spaces of indent): nested object types belong to their prop.
    const declared = [...props![1].matchAll(/^ {2}(\w+)(\??):/gm)];
    for (const [, name, optional] of declared) expect(`${name}${optional}`).toBe(`${name}?`);
    expect(
      entry()
        .props.map((p) => p.name)
        .sort(),
    ).toEqual(declared.map((m) => m[1]).sort());
  });

  it('styles only through the theme (no palette colours, no literal colours)', () => {
    const lines = source().split('\n');
    const offending = lines.filter((l) => PALETTE.test(l) || LITERAL_COLOUR.test(l));
    expect(offending).toEqual([]);
  });

  it('is self-contained: no network, and an image only from a prop, sized and described, beside a drawn fallback', () => {
    expect(source()).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    // A section ships no picture of its own: an <img> shows the project's asset passed in a prop (`image`,
    // `logo`, `avatar`), with its real size and alt text, and renders only when that prop is given.
    const images = [...source().matchAll(/<img\b([^>]*?)\/>/g)].map((m) => m[1]);
    expect(source().match(/<img\b/g)?.length ?? 0).toBe(images.length);
    for (const attrs of images) {
      expect(attrs).toMatch(/\bsrc=\{[\w.]+\.src\}/);
      for (const attr of ['alt', 'width', 'height']) expect(attrs).toMatch(new RegExp(`\\b${attr}=\\{[\\w.]+\\.${attr}\\}`));
      expect(attrs).toMatch(/\bdecoding="async"/);
    }
    expect(source()).not.toMatch(/['"]\/assets\//);
  });
});
