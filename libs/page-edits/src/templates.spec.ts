import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPageEdit } from './apply-page-edit.js';
import { changeBetween, locate, reader, textEdit } from './testing/located.js';

/** A project as a new one is made from a template: the template's files plus its sections from the library. */
const TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../templates');
function project(template: string): Record<string, string> {
  const manifest: { sections: { component: string; path: string }[] } = JSON.parse(readFileSync(join(TEMPLATES, template, 'template.json'), 'utf8'));
  const library: { components: { id: string; category: string }[] } = JSON.parse(readFileSync(join(TEMPLATES, 'library/library.json'), 'utf8'));
  const files: Record<string, string> = { 'src/App.tsx': readFileSync(join(TEMPLATES, template, 'src/App.tsx'), 'utf8') };
  for (const section of manifest.sections) {
    const entry = library.components.find((c) => c.id === section.component);
    if (!entry) throw new Error(`no library entry ${section.component}`);
    files[section.path] = readFileSync(join(TEMPLATES, 'library', entry.category, `${entry.id}.tsx`), 'utf8');
  }
  return files;
}

/** `next` is `old` with the first `oldRaw` after `from` replaced by `newRaw`: every other byte is the same. */
function expectReplaced(old: string, next: string, oldRaw: string, newRaw: string, from = 0): number {
  const at = old.indexOf(oldRaw, from);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(next).toBe(old.slice(0, at) + newRaw + old.slice(at + oldRaw.length));
  return old.slice(0, at).split('\n').length;
}

describe('applyPageEdit on the real templates', () => {
  it('landing: the hero title is the string App.tsx passes, and nothing else in the file changes', () => {
    const files = project('landing');
    const app = files['src/App.tsx'];
    const owner = locate('src/App.tsx', app, '<Hero');
    const h1 = locate('src/components/Hero.tsx', files['src/components/Hero.tsx'], '<h1');
    const result = applyPageEdit(reader(files), textEdit(h1, 'Every answer about your product, in plain language.', 'Café-grade analytics — 50 € a month', [owner]));
    expect(result.path).toBe('src/App.tsx');
    const line = expectReplaced(app, result.content, '"Every answer about your product, in plain language."', '"Café-grade analytics — 50 € a month"');
    expect(result.line).toBe(line);
    expect(changeBetween(app, result.content).at).toBeGreaterThan(app.indexOf('<Hero'));
  });

  it('landing: a feature title inside the items array, and the hero’s primary link target', () => {
    const files = project('landing');
    const app = files['src/App.tsx'];
    const owner = locate('src/App.tsx', app, '<Features');
    const h3 = locate('src/components/Features.tsx', files['src/components/Features.tsx'], '<h3');
    const result = applyPageEdit(reader(files), textEdit(h3, 'Ask in plain language', 'Ask “anything”', [owner]));
    expectReplaced(app, result.content, "'Ask in plain language'", "'Ask “anything”'");

    const hero = locate('src/App.tsx', app, '<Hero');
    const link = locate('src/components/Hero.tsx', files['src/components/Hero.tsx'], '<a');
    const href = applyPageEdit(reader(files), { ...textEdit(link, '#pricing', '/signup', [hero]), target: { kind: 'attribute', name: 'href' } });
    // The hero's own #pricing, not the header's (before it) or the call to action's (after it).
    const line = expectReplaced(app, href.content, "'#pricing'", "'/signup'", app.indexOf('<Hero'));
    expect(href.line).toBe(line);
    expect(app.split('\n')[line - 1]).toContain("primaryAction={{ label: 'Start your free trial'");
  });

  it('event: "Get tickets" is in both the header and the hero call sites; the hero owner picks the hero’s', () => {
    const files = project('event');
    const app = files['src/App.tsx'];
    expect(app.split("'Get tickets'").length - 1).toBe(2);
    const owner = locate('src/App.tsx', app, '<Hero');
    const hero = files['src/components/Hero.tsx'];
    const link = locate('src/components/Hero.tsx', hero, '<a');
    const result = applyPageEdit(reader(files), textEdit(link, 'Get tickets', 'Buy a pass', [owner]));
    expectReplaced(app, result.content, "'Get tickets'", "'Buy a pass'", app.indexOf('<Hero'));
    // facts={[{ value: '40+', label: 'speakers' }, …]} through fact.label.
    const dt = locate('src/components/Hero.tsx', hero, '<dt');
    const fact = applyPageEdit(reader(files), textEdit(dt, 'speakers', 'talks', [owner]));
    expectReplaced(app, fact.content, "'speakers'", "'talks'", app.indexOf('<Hero'));
  });

  it('a JSX text written in a section file', () => {
    const files = { 'src/components/Pricing.tsx': readFileSync(join(TEMPLATES, 'library/pricing/pricing-simple.tsx'), 'utf8') };
    const source = files['src/components/Pricing.tsx'];
    const p = locate('src/components/Pricing.tsx', source, '<p className="text-sm font-semibold text-primary">');
    const result = applyPageEdit(reader(files), textEdit(p, "What's included", 'Everything in the plan'));
    expectReplaced(source, result.content, ">What's included<", '>Everything in the plan<');
  });
});

describe('what is written renders what the person typed', () => {
  const HOSTILE = ['It\'s "quoted"', 'back\\slash', '`tick` ${x}', '&amp; &#39; &nbsp;', '{braces} <tags>', '  spaced  ', 'Café — 50 € 🎉', 'a\u00a0b'];
  const content = [
    "const single = 'one';",
    'const double = "two";',
    'const tick = `three`;',
    'export const A = () => (',
    '  <div>',
    '    <h2>{single}</h2>',
    '    <h3>{double}</h3>',
    '    <h4>{tick}</h4>',
    '    <h5 title="five">',
    '      four',
    '    </h5>',
    '    <img alt="six" src="/a.png" />',
    '  </div>',
    ');',
    '',
  ].join('\n');
  const cases = [
    { needle: '<h2', before: 'one', kind: 'text' as const },
    { needle: '<h3', before: 'two', kind: 'text' as const },
    { needle: '<h4', before: 'three', kind: 'text' as const },
    { needle: '<h5', before: 'four', kind: 'text' as const },
    { needle: '<img', before: 'six', kind: 'alt' as const },
  ];

  it.each(HOSTILE)('%j in every literal kind reads back as itself', (text) => {
    for (const c of cases) {
      const location = locate('src/A.tsx', content, c.needle);
      const body = (before: string, after: string) =>
        c.kind === 'text' ? textEdit(location, before, after) : { ...textEdit(location, before, after), target: { kind: 'attribute' as const, name: 'alt' as const } };
      const first = applyPageEdit(reader({ 'src/A.tsx': content }), body(c.before, text));
      // Editing it again from what the page now shows works only if the source renders exactly `text`.
      const again = applyPageEdit(reader({ 'src/A.tsx': first.content }), body(text, c.before));
      // JSX text that needed `{"…"}` stays an expression when it is edited back.
      expect([content, content.replace('      four', '      {"four"}')]).toContain(again.content);
    }
  });
});
