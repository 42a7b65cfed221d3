import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTheme, themeWarnings } from './theme-warnings.js';

const THEME_CSS = readFileSync(resolve('templates/landing/src/index.css'), 'utf8');
const theme = parseTheme(THEME_CSS);

/** What a warning points at: the text at its line and column. */
const at = (text: string, w: { line?: number; column?: number }) => text.split('\n')[w.line! - 1].slice(w.column! - 1);

describe('parseTheme', () => {
  it("reads the colour names of a template's @theme block, in order, and nothing else", () => {
    expect(theme).toEqual(['background', 'foreground', 'muted', 'muted-foreground', 'card', 'card-foreground', 'border', 'primary', 'primary-foreground', 'accent', 'accent-foreground']);
  });

  it('reads @theme inline blocks, skips commented-out colours, and finds none without a block', () => {
    expect(parseTheme('@theme inline {\n  --color-brand: var(--brand);\n  /* --color-old: red; */\n  --font-sans: x;\n}\n:root { --color-not-theme: #fff; }')).toEqual(['brand']);
    expect(parseTheme(':root { --color-primary: #fff; }\n.a { color: red; }')).toEqual([]);
  });
});

describe('themeWarnings', () => {
  const HERO = `import { ArrowRight } from 'lucide-react';

export default function Hero({ title = 'Ship faster' }: { title?: string }) {
  return (
    <section className="bg-gradient-to-r from-indigo-500 to-purple-600 py-24 text-white">
      <h1 style={{ color: '#333', letterSpacing: '-0.02em' }}>{title}</h1>
      <p className={\`mt-4 \${title ? 'text-gray-500' : ''}\`}>Ünïcode text before a colour: <span className="text-indigo-600">!</span></p>
      <a href="#add" className="inline-flex rounded-control bg-primary px-5 py-3 text-primary-foreground hover:bg-primary/90">
        Start <ArrowRight aria-hidden="true" className="size-4" />
      </a>
      <div className="border border-slate-700/50 bg-[#123456]" />
      <svg viewBox="0 0 10 10"><path fill="#fff" stroke="currentColor" d="M0 0h10" /></svg>
    </section>
  );
}
`;

  it('a hero with a palette gradient, an inline style colour, a palette text class, arbitrary and SVG colours', () => {
    const warnings = themeWarnings('src/components/Hero.tsx', HERO, theme);
    expect(warnings.map((w) => [w.line, at(HERO, w).slice(0, 15)])).toEqual([
      [5, 'from-indigo-500'],
      [6, "#333', letterSp"],
      [7, "text-gray-500' "],
      [11, 'border-slate-70'],
      [12, '#fff" stroke="c'],
    ]);
    expect(warnings.every((w) => w.code === 'THEME_COLOR' && w.path === 'src/components/Hero.tsx')).toBe(true);
    expect(warnings[0].message).toBe("from-indigo-500 is Tailwind's palette, outside the theme: use from-primary");
    expect(warnings[1].message).toMatch(/^#333 is a literal colour, outside the theme: .*background, foreground, muted/);
    expect(warnings[2].message).toMatch(/use text-muted-foreground$/);
    expect(warnings[3].message).toMatch(/use border-border\/50$/);
  });

  it('one warning per line: the first offender on it', () => {
    const line = '<div className="bg-blue-500 text-white ring-gray-200" />';
    const warnings = themeWarnings('src/A.tsx', `export const A = () => ${line};\n`, theme);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toBe("bg-blue-500 is Tailwind's palette, outside the theme: use bg-primary");
  });

  it.each([
    ['bg-blue-500', 'bg-primary'],
    ['hover:bg-blue-600/90', 'hover:bg-primary/90'],
    ['bg-indigo-50', 'bg-accent'],
    ['bg-white', 'bg-background'],
    ['bg-gray-100', 'bg-muted'],
    ['text-black', 'text-foreground'],
    ['text-slate-900', 'text-foreground'],
    ['ring-gray-200', 'ring-border'],
    ['md:text-indigo-600', 'md:text-primary'],
  ])('%s → use %s', (cls, instead) => {
    const [w] = themeWarnings('src/A.tsx', `export const a = "${cls}";\n`, theme);
    expect(w.message).toBe(`${cls} is Tailwind's palette, outside the theme: use ${instead}`);
  });

  it('names the theme when no replacement is obvious (text-white, bg-gray-900) or the theme lacks it', () => {
    const [w] = themeWarnings('src/A.tsx', 'export const a = "text-white";\n', theme);
    expect(w.message).toMatch(/^text-white is Tailwind's palette, outside the theme: use a theme colour \(the theme's colours: background, /);
    const [noPrimary] = themeWarnings('src/A.tsx', 'export const a = "bg-blue-500";\n', ['background', 'foreground']);
    expect(noPrimary.message).toMatch(/use a theme colour \(the theme's colours: background, foreground\)$/);
  });

  it('a clean section, written with theme names only, has no warnings', () => {
    const clean = `import clsx from 'clsx';
// Colours come from the theme: bg-blue-500 in a comment is not a class.
export default function Cta({ dark = false }: { dark?: boolean }) {
  return (
    <section id="cta" className={clsx('py-20', dark ? 'bg-foreground text-background' : 'bg-muted text-foreground')}>
      <a href="#add" className="rounded-control border border-border bg-primary/10 text-primary ring-1 ring-border hover:bg-primary/20">Go</a>
      <p className="text-muted-foreground" style={{ color: 'currentColor', background: 'transparent', borderColor: 'var(--color-primary)' }}>x</p>
      <svg><path fill="currentColor" stroke="none" /></svg>
    </section>
  );
}
`;
    expect(themeWarnings('src/components/Cta.tsx', clean, theme)).toEqual([]);
  });

  it('CSS: literal colours and palette classes outside @theme warn; the @theme block and custom properties do not', () => {
    const css = `${THEME_CSS}
/* a comment with #fff and bg-blue-500 */
:root { --brand: #0ea5e9; }
.dark { --color-background: oklch(0.2 0 0); }
#add {
  color: #333;
}
.card { @apply rounded-box bg-card text-gray-600; }
.glow { box-shadow: 0 0 0 1px rgb(0 0 0 / 10%), 0 0 0 2px var(--color-blue-500); }
`;
    const warnings = themeWarnings('src/index.css', css, theme);
    expect(warnings.map((w) => at(css, w).slice(0, 13))).toEqual(['#333;', 'text-gray-600', 'rgb(0 0 0 / 1']);
    expect(warnings[1].message).toMatch(/use text-muted-foreground$/);
  });

  it('no theme block, a file type it does not read, or a file that does not parse: no warnings', () => {
    expect(themeWarnings('src/A.tsx', 'export const a = "bg-blue-500";\n', [])).toEqual([]);
    expect(themeWarnings('README.md', 'Use bg-blue-500 and #333.', theme)).toEqual([]);
    expect(themeWarnings('src/A.tsx', 'export const a = "bg-blue-500"\nconst = ;', theme)).toEqual([]);
  });
});
