import { type PageEditBody, StudioError } from '@studio/contracts';
import { applyPageEdit } from './apply-page-edit.js';
import { locate, reader, textEdit } from './testing/located.js';

/** `next` is `old` with exactly the one occurrence of `oldRaw` replaced by `newRaw`: every other byte is the same. */
function expectOnly(old: string, next: string, oldRaw: string, newRaw: string) {
  const at = old.indexOf(oldRaw);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(old.indexOf(oldRaw, at + 1)).toBe(-1);
  expect(next).toBe(old.slice(0, at) + newRaw + old.slice(at + oldRaw.length));
}

function refusal(run: () => unknown): StudioError {
  try {
    run();
  } catch (err) {
    if (err instanceof StudioError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const HERO = `import { ArrowRight } from 'lucide-react';

export interface HeroProps { title?: string; note?: string; primaryAction?: { label: string; href: string }; facts?: { label: string }[] }

// Café — 50 € 🎉: non-ASCII before every literal, so byte offsets and characters differ.
export default function Hero({ title = 'Default title', note = 'Default note', primaryAction = { label: 'Go', href: '#' }, facts = [] }: HeroProps) {
  return (
    <section>
      <h1 className="text-4xl">
        {title}
      </h1>
      <p className="lead">
        Analytics   for teams
        that ship &amp; learn.
      </p>
      <a href={primaryAction.href}>{primaryAction.label}</a>
      <small>{note}</small>
      <ul>{facts.map((f) => <li key={f.label}>{f.label}</li>)}</ul>
      <span>{\`Hello \${title}\`}</span>
      <b>{title.toUpperCase()}</b>
      <i>{note ? note : 'none'}</i>
      <em>Hi {title}!</em>
      <img src="/assets/shot.png" width={10} />
      <img src="/assets/logo.png" alt='Logo' />
    </section>
  );
}
`;

const APP = `import Header from './components/Header';
import Hero from './components/Hero';

// Prix : 50 € — «déjà vu» 🎉
export default function App() {
  return (
    <>
      <Header action={{ label: 'Get tickets', href: '#tickets' }} />
      <Hero
        title="Every answer, in plain language."
        primaryAction={{ label: 'Get tickets', href: '#tickets' }}
        facts={[{ label: 'speakers' }, { label: 'days' }]}
      />
    </>
  );
}
`;

const files = { 'src/components/Hero.tsx': HERO, 'src/App.tsx': APP };
const read = reader(files);
const hero = (needle: string, nth = 0) => locate('src/components/Hero.tsx', HERO, needle, nth);
const owner = locate('src/App.tsx', APP, '<Hero');

describe('applyPageEdit: JSX text', () => {
  it('rewrites indented, multi-line text with entities, keeping the white space around it', () => {
    const result = applyPageEdit(read, textEdit(hero('<p className="lead"'), 'Analytics   for teams that ship & learn.', 'Analytics for teams — 100 €'));
    expect(result.path).toBe('src/components/Hero.tsx');
    expectOnly(HERO, result.content, 'Analytics   for teams\n        that ship &amp; learn.', 'Analytics for teams — 100 €');
    expect(result.line).toBe(HERO.slice(0, HERO.indexOf('<p className="lead"')).split('\n').length);
  });

  it('writes text that JSX would misread as a string expression', () => {
    const result = applyPageEdit(read, textEdit(hero('<p className="lead"'), 'Analytics for teams that ship & learn.', 'Use <b> & {braces}'));
    expectOnly(HERO, result.content, 'Analytics   for teams\n        that ship &amp; learn.', '{"Use <b> & {braces}"}');
    const entity = applyPageEdit(read, textEdit(hero('<p className="lead"'), 'Analytics for teams that ship & learn.', 'Say "hi" &amp; bye'));
    expectOnly(HERO, entity.content, 'Analytics   for teams\n        that ship &amp; learn.', '{"Say \\"hi\\" &amp; bye"}');
    const plain = applyPageEdit(read, textEdit(hero('<p className="lead"'), 'Analytics for teams that ship & learn.', 'Tom & Jerry'));
    expectOnly(HERO, plain.content, 'Analytics   for teams\n        that ship &amp; learn.', 'Tom & Jerry');
  });

  it('lets a paragraph take a line break, written as an expression', () => {
    const result = applyPageEdit(read, textEdit(hero('<p className="lead"'), 'Analytics for teams that ship & learn.', 'One\nTwo'));
    expectOnly(HERO, result.content, 'Analytics   for teams\n        that ship &amp; learn.', '{"One\\nTwo"}');
  });
});

describe('applyPageEdit: text from a prop', () => {
  it('rewrites the string prop the nearest owner passes', () => {
    const result = applyPageEdit(read, textEdit(hero('<h1'), 'Every answer, in plain language.', 'Answers — for «everyone» 🎉', [owner]));
    expect(result.path).toBe('src/App.tsx');
    expectOnly(APP, result.content, '"Every answer, in plain language."', '"Answers — for «everyone» 🎉"');
    expect(result.line).toBe(APP.split('\n').findIndex((l) => l.includes('title="Every')) + 1);
  });

  it('only counts literals inside the owner’s call site: the hero’s "Get tickets", not the header’s', () => {
    const result = applyPageEdit(read, textEdit(hero('<a href'), 'Get tickets', 'Book now', [owner]));
    expect(result.content).toBe(APP.replace("primaryAction={{ label: 'Get tickets'", "primaryAction={{ label: 'Book now'"));
  });

  it('rewrites a value nested in an array of objects', () => {
    const result = applyPageEdit(read, textEdit(hero('<li key'), 'days', "days 'n' nights", [owner]));
    expectOnly(APP, result.content, "{ label: 'days' }", "{ label: 'days \\'n\\' nights' }");
  });

  it('rewrites the JSX text a component is given as children', () => {
    const button = 'export default function Button({ children }: { children: string }) {\n  return <button type="button">{children}</button>;\n}\n';
    const page = "import Button from './Button';\nexport const Page = () => (\n  <main>\n    <Button>\n      Click   me\n    </Button>\n  </main>\n);\n";
    const result = applyPageEdit(
      reader({ 'src/Button.tsx': button, 'src/Page.tsx': page }),
      textEdit(locate('src/Button.tsx', button, '<button'), 'Click me', 'Press here', [locate('src/Page.tsx', page, '<Button')]),
    );
    expectOnly(page, result.content, 'Click   me', 'Press here');
  });

  it('falls back to the default in the element’s own file when no owner passes it', () => {
    const result = applyPageEdit(read, textEdit(hero('<small'), 'Default note', 'A new note', [owner]));
    expectOnly(HERO, result.content, "note = 'Default note'", "note = 'A new note'");
  });

  it('keeps the quote style and escapes what each literal kind needs', () => {
    const jsx = applyPageEdit(read, textEdit(hero('<h1'), 'Every answer, in plain language.', 'Say "hi" & it\'s &amp; done', [owner]));
    expectOnly(APP, jsx.content, '"Every answer, in plain language."', '"Say &quot;hi&quot; & it\'s &amp;amp; done"');
    const single = applyPageEdit(read, textEdit(hero('<small'), 'Default note', 'It\'s a "note" \\ here', []));
    expectOnly(HERO, single.content, "'Default note'", "'It\\'s a \"note\" \\\\ here'");
    const template = { 'src/T.tsx': 'const t = `Plain`;\nexport const T = () => <p>{t}</p>;\n' };
    const result = applyPageEdit(reader(template), textEdit(locate('src/T.tsx', template['src/T.tsx'], '<p>'), 'Plain', 'Cost: `${x}` \\ 5 €'));
    expectOnly(template['src/T.tsx'], result.content, '`Plain`', '`Cost: \\`\\${x}\\` \\\\ 5 €`');
  });
});

describe('applyPageEdit: attributes', () => {
  const attribute = (needle: string, name: 'src' | 'alt' | 'href', before: string, after: string, nth = 0): PageEditBody => ({
    ...textEdit(hero(needle, nth), before, after, [owner]),
    target: { kind: 'attribute', name },
  });

  it('rewrites an image source written on the element', () => {
    const result = applyPageEdit(read, attribute('<img', 'src', '/assets/shot.png', '/assets/new shot.png'));
    expectOnly(HERO, result.content, '"/assets/shot.png"', '"/assets/new shot.png"');
  });

  it('adds a missing alt, and rewrites one in single quotes', () => {
    const added = applyPageEdit(read, attribute('<img', 'alt', '', 'A "chart" of sign-ups'));
    expectOnly(HERO, added.content, 'width={10} />', 'width={10} alt="A &quot;chart&quot; of sign-ups" />');
    const quoted = applyPageEdit(read, attribute('<img', 'alt', 'Logo', "Lumen's logo", 1));
    expectOnly(HERO, quoted.content, "alt='Logo'", "alt='Lumen&apos;s logo'");
  });

  it('rewrites a link target the owner passes', () => {
    const result = applyPageEdit(read, attribute('<a href', 'href', '#tickets', 'https://tickets.example/buy'));
    expect(result.content).toBe(APP.replace("label: 'Get tickets', href: '#tickets' }}\n        facts", "label: 'Get tickets', href: 'https://tickets.example/buy' }}\n        facts"));
  });

  it('refuses a link that runs code or an image from data', () => {
    for (const href of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', 'vbscript:x']) {
      expect(refusal(() => applyPageEdit(read, attribute('<a href', 'href', '#tickets', href))).code).toBe('EDIT_VALUE_REFUSED');
    }
    expect(refusal(() => applyPageEdit(read, attribute('<img', 'src', '/assets/shot.png', 'data:image/png;base64,AAAA'))).code).toBe('EDIT_VALUE_REFUSED');
    expect(refusal(() => applyPageEdit(read, attribute('<img', 'alt', '', 'two\nlines'))).code).toBe('EDIT_VALUE_REFUSED');
    expect(applyPageEdit(read, attribute('<a href', 'href', '#tickets', 'mailto:hi@example.com')).content).toContain("href: 'mailto:hi@example.com'");
  });

  it('refuses an attribute the element does not have', () => {
    expect(refusal(() => applyPageEdit(read, attribute('<h1', 'href', '', '/x'))).code).toBe('EDIT_NOT_EDITABLE');
  });
});

describe('applyPageEdit: refusals', () => {
  it('EDIT_LOCATION_STALE when the source no longer shows what the person saw, or no element starts there', () => {
    expect(refusal(() => applyPageEdit(read, textEdit(hero('<p className="lead"'), 'Something else', 'X'))).code).toBe('EDIT_LOCATION_STALE');
    const moved = { ...hero('<h1'), column: hero('<h1').column + 1 };
    expect(refusal(() => applyPageEdit(read, textEdit(moved, 'Default title', 'X'))).code).toBe('EDIT_LOCATION_STALE');
    expect(refusal(() => applyPageEdit(read, textEdit({ ...hero('<h1'), line: 999 }, 'Default title', 'X'))).code).toBe('EDIT_LOCATION_STALE');
    // The owner now passes another title: the default in Hero.tsx (equal to what the person saw) is not rewritten.
    const retitled = APP.replace('title="Every answer, in plain language."', 'title="Newer title"');
    const err = refusal(() => applyPageEdit(reader({ ...files, 'src/App.tsx': retitled }), textEdit(hero('<h1'), 'Default title', 'X', [owner])));
    expect(err.code).toBe('EDIT_LOCATION_STALE');
    expect(err.details).toEqual({ path: 'src/App.tsx', line: owner.line });
    const ownerMoved = { ...owner, line: owner.line + 1 };
    expect(refusal(() => applyPageEdit(read, textEdit(hero('<h1'), 'Every answer, in plain language.', 'X', [ownerMoved]))).code).toBe('EDIT_LOCATION_STALE');
  });

  it('EDIT_NOT_EDITABLE for computed text: a template with ${}, a call, a condition, text mixed with expressions', () => {
    for (const [needle, before] of [
      ['<span>', 'Hello Default title'],
      ['<b>', 'DEFAULT TITLE'],
      ['<i>', 'Default note'],
      ['<em>', 'Hi Default title!'],
    ]) {
      const err = refusal(() => applyPageEdit(read, textEdit(hero(needle), before, 'X', [owner])));
      expect([needle, err.code]).toEqual([needle, 'EDIT_NOT_EDITABLE']);
    }
    // A prop whose value is nowhere a literal (the owner computes it).
    const computed = { 'src/App.tsx': APP.replace('title="Every answer, in plain language."', 'title={makeTitle()}') };
    expect(refusal(() => applyPageEdit(reader({ ...files, ...computed }), textEdit(hero('<h1'), 'Made', 'X', [owner]))).code).toBe('EDIT_NOT_EDITABLE');
    expect(refusal(() => applyPageEdit(read, textEdit(hero('<section'), '', 'X'))).code).toBe('EDIT_NOT_EDITABLE');
  });

  it('EDIT_AMBIGUOUS when one scope holds the text twice under no telling name', () => {
    const twice = APP.replace("facts={[{ label: 'speakers' }, { label: 'days' }]}", "facts={[{ label: 'days' }, { label: 'days' }]}");
    const err = refusal(() => applyPageEdit(reader({ ...files, 'src/App.tsx': twice }), textEdit(hero('<li key'), 'days', 'X', [owner])));
    expect(err.code).toBe('EDIT_AMBIGUOUS');
    expect(err.details).toEqual({ path: 'src/App.tsx', lines: [12, 12] });
  });

  it('prefers the literal under the name the element reads when a scope holds the text twice', () => {
    const twice = APP.replace('title="Every answer, in plain language."', 'title="Get tickets"');
    const result = applyPageEdit(reader({ ...files, 'src/App.tsx': twice }), textEdit(hero('<h1'), 'Get tickets', 'Tickets', [owner]));
    expectOnly(twice, result.content, 'title="Get tickets"', 'title="Tickets"');
  });

  it('EDIT_VALUE_REFUSED for a line break in a heading', () => {
    expect(refusal(() => applyPageEdit(read, textEdit(hero('<h1'), 'Every answer, in plain language.', 'One\nTwo', [owner]))).code).toBe('EDIT_VALUE_REFUSED');
  });

  it('FILE_NOT_FOUND for a location in no file, EDIT_NOT_EDITABLE for one that does not parse', () => {
    expect(refusal(() => applyPageEdit(read, textEdit({ path: 'src/Nope.tsx', line: 1, column: 1 }, 'a', 'b'))).code).toBe('FILE_NOT_FOUND');
    expect(refusal(() => applyPageEdit(reader({ 'src/Bad.tsx': 'export const A = () => <p>' }), textEdit({ path: 'src/Bad.tsx', line: 1, column: 24 }, 'a', 'b'))).code).toBe('EDIT_NOT_EDITABLE');
    expect(refusal(() => applyPageEdit(reader({ 'src/index.css': 'p {}' }), textEdit({ path: 'src/index.css', line: 1, column: 1 }, 'a', 'b'))).code).toBe('EDIT_NOT_EDITABLE');
  });
});

describe('applyPageEdit: positions', () => {
  it('accepts a column counted in code points after an emoji on the same line', () => {
    const content = 'export const A = () => <div>{"🎉"}<p>Party</p></div>;\n';
    const utf16 = locate('src/A.tsx', content, '<p>');
    const codePoints = { ...utf16, column: utf16.column - 1 };
    for (const location of [utf16, codePoints]) {
      expectOnly(content, applyPageEdit(reader({ 'src/A.tsx': content }), textEdit(location, 'Party', 'Fête')).content, '<p>Party</p>', '<p>Fête</p>');
    }
  });

  it('maps spans right in a file that starts with a comment and holds astral characters', () => {
    const content = '/* 🎉 Café */\n// — €\nconst a = "𝒜 — ok";\nexport const A = () => <h2 title="x">{a}</h2>;\n';
    const result = applyPageEdit(reader({ 'src/A.tsx': content }), textEdit(locate('src/A.tsx', content, '<h2'), '𝒜 — ok', '𝒜 — fine'));
    expectOnly(content, result.content, '"𝒜 — ok"', '"𝒜 — fine"');
    expect(result.line).toBe(3);
  });
});

describe('applyPageEdit: the rules hold whichever way a literal is reached', () => {
  it('refuses a text edit that would turn an address into a script: the literal is also a link’s href', () => {
    const site = 'const site = "https://acme.example";\nexport const Link = () => <a href={site}>{site}</a>;\n';
    const shared = 'export const links = { url: "https://acme.example" };\nexport const Footer = () => <a href={links.url}>{links.url}</a>;\n';
    expect(refusal(() => applyPageEdit(reader({ 'src/Footer.tsx': shared }), textEdit(locate('src/Footer.tsx', shared, '<a'), 'https://acme.example', 'javascript:alert(1)'))).code).toBe(
      'EDIT_VALUE_REFUSED',
    );
    // A plain constant has no name that says it is an address: the text rule alone applies there.
    const plain = applyPageEdit(reader({ 'src/Link.tsx': site }), textEdit(locate('src/Link.tsx', site, '<a'), 'https://acme.example', 'https://acme.example/new'));
    expect(plain.content).toBe(site.replace('"https://acme.example"', '"https://acme.example/new"'));
  });

  it('refuses an empty value taken from a prop: every empty string in scope would match it', () => {
    const page = "export const Note = ({ text = '', other = '' }: { text?: string; other?: string }) => <p>{text}</p>;\n";
    expect(refusal(() => applyPageEdit(reader({ 'src/Note.tsx': page }), textEdit(locate('src/Note.tsx', page, '<p'), '', 'Now with text'))).code).toBe('EDIT_NOT_EDITABLE');
  });

  it('parses no file too large to be a component, and follows owners through at most eight files', () => {
    const big = `export const Big = () => <p>Hello</p>;\n// ${'x'.repeat(600 * 1024)}\n`;
    expect(refusal(() => applyPageEdit(reader({ 'src/Big.tsx': big }), textEdit(locate('src/Big.tsx', big, '<p'), 'Hello', 'Hi'))).code).toBe('EDIT_NOT_EDITABLE');
    const leaf = 'export const Leaf = ({ t }: { t: string }) => <p>{t}</p>;\n';
    const wrappers = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`src/W${i}.tsx`, `export const W${i} = () => <div><span /></div>;\n`]));
    const owners = Object.entries(wrappers).map(([path, content]) => locate(path, content, '<div'));
    const run = () => applyPageEdit(reader({ 'src/Leaf.tsx': leaf, ...wrappers }), textEdit(locate('src/Leaf.tsx', leaf, '<p'), 'Deep', 'Deeper', owners));
    expect(refusal(run).message).toMatch(/more than 8 files/);
  });
});
