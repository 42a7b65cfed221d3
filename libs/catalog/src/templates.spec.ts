import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Catalog, DEFAULT_TEMPLATE_ID, loadCatalog } from './catalog.js';

/** The real templates/ folder: what a new project gets, and the themes' promises (readable colours). */
const DIR = resolve('templates');
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(DIR);
});

/** WCAG relative luminance and contrast ratio of two #rrggbb colours. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

// Text colour on surface colour, as the sections use them.
const READABLE_PAIRS: [string, string][] = [
  ['foreground', 'background'],
  ['muted-foreground', 'background'],
  ['muted-foreground', 'muted'],
  ['foreground', 'muted'],
  ['card-foreground', 'card'],
  ['muted-foreground', 'card'],
  ['primary-foreground', 'primary'],
  ['accent-foreground', 'accent'],
];

describe('the templates', () => {
  it('include the default and at least three landing pages, each listed with a thumbnail', () => {
    const list = catalog.templates.list();
    expect(list.map((t) => t.id)).toContain(DEFAULT_TEMPLATE_ID);
    expect(list.filter((t) => t.sections.length > 0).length).toBeGreaterThanOrEqual(3);
    for (const t of list) expect(t.thumbnailUrl).toBe(`/api/templates/${t.id}/thumbnail`);
  });
});

describe.each(['landing', 'launch', 'event', 'blank'])('template %s', (id) => {
  const template = () => catalog.templates.get(id)!;
  const file = (path: string) =>
    template()
      .files.find((f) => f.path === path)
      ?.content.toString();

  it('is the shell, its own page and its library sections, byte for byte', () => {
    expect(file('package.json')).toBe(readFileSync(resolve(DIR, 'shell/package.json'), 'utf8'));
    expect(file('src/main.tsx')).toBe(readFileSync(resolve(DIR, 'shell/src/main.tsx'), 'utf8'));
    expect(file('src/App.tsx')).toBe(readFileSync(resolve(DIR, id, 'src/App.tsx'), 'utf8'));
    for (const s of template().sections) expect(file(s.path)).toBe(catalog.library.source(s.component));
    expect(file('template.json')).toBeUndefined();
    expect(file('thumbnail.png')).toBeUndefined();
  });

  it('renders every section it copies, from App.tsx', () => {
    for (const s of template().sections) {
      const module = s.path.replace(/^src\//, './').replace(/\.tsx$/, '');
      expect(file('src/App.tsx')).toContain(`from '${module}'`);
    }
  });

  it('has a PNG thumbnail', () => {
    expect(template().thumbnailPng?.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('keeps its theme in src/index.css with readable colour pairs (WCAG AA, 4.5:1)', () => {
    const css = file('src/index.css')!;
    const colour = (name: string) => new RegExp(`--color-${name}:\\s*(#[0-9a-fA-F]{6})`).exec(css)?.[1];
    for (const [text, surface] of READABLE_PAIRS) {
      const [fg, bg] = [colour(text), colour(surface)];
      expect({ pair: `${text} on ${surface}`, defined: Boolean(fg && bg) }).toEqual({ pair: `${text} on ${surface}`, defined: true });
      expect({ pair: `${text} on ${surface}`, ratio: contrast(fg!, bg!) >= 4.5 ? 'ok' : contrast(fg!, bg!).toFixed(2) }).toEqual({ pair: `${text} on ${surface}`, ratio: 'ok' });
    }
  });

  it('tells the model where the theme and the sections are', () => {
    const conventions = catalog.templates.conventions(id);
    expect(conventions).toContain('src/index.css');
    expect(conventions).toContain('src/components/');
    expect(conventions).toContain('action="insert"');
  });
});
