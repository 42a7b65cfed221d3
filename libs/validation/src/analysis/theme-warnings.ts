import type { TurnWarningView } from '@studio/contracts';
import { type AstNode, parseModule, walkAst } from './swc-module.js';

/*
 * THEME_COLOR: colours written past the project's theme. Every template styles through the colour names of
 * the `@theme` block in src/index.css (templates/conventions.md), so "make it darker" or "use our brand
 * colour" is one edit there. A section coloured with Tailwind's palette (`bg-indigo-600`) or a literal
 * (`#333`, `rgb(...)`) stays as it was when the theme changes: that is what these warnings point at.
 *
 * Decided:
 * - `white` and `black` count as palette colours (`bg-white`, `text-black`): on a dark theme they are the
 *   glaring ones, and the library holds itself to the same rule (libs/catalog library.spec.ts).
 * - `transparent`, `current`/`currentColor`, `inherit` are not colours of their own: never warned on.
 * - Literal colours belong in the `@theme` block, and in custom properties (`--brand: #0ea5e9`, a dark
 *   variant's values): not warned on there.
 * - In TS/JS only string literals are read (class names, style values), so comments and identifiers never
 *   warn; a literal colour warns in a `style` prop or an SVG colour attribute, and in an arbitrary class value
 *   (`bg-[#123456]`), not in any string (an anchor `#add` is not a colour).
 */

const HUES = 'slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose';
const NEUTRAL_HUES = new Set(['slate', 'gray', 'zinc', 'neutral', 'stone']);
const UTILITIES = 'bg|text|border(?:-[xytrblse])?|ring-offset|ring|from|via|to|fill|stroke|outline|divide|shadow|inset-shadow|inset-ring|drop-shadow|text-shadow|decoration|placeholder|caret|accent';
/** A palette class with its variants (`hover:`, `md:`) and opacity (`/50`): `hover:bg-blue-500/50`. */
const PALETTE_CLASS = new RegExp(`(?<![\\w-])((?:[\\w-]+:)*!?)(${UTILITIES})-(?:(${HUES})-(50|[1-9]00|950)|(white|black))(/[\\w.%]+)?(?![\\w-])`, 'g');
/** An arbitrary colour value in a class: `bg-[#123456]`, `text-[rgb(0_0_0)]`. */
const ARBITRARY_CLASS = new RegExp(`(?<![\\w-])(?:[\\w-]+:)*!?(?:${UTILITIES})-\\[(?:#[0-9a-fA-F]{3,8}|(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\\([^\\]]*\\))\\]`, 'g');
/** Tailwind's palette variables: `var(--color-blue-500)`. */
const PALETTE_VAR = new RegExp(`var\\(\\s*--color-(?:${HUES})-(?:50|[1-9]00|950)\\s*\\)`, 'g');
/** A literal colour value. */
const LITERAL_COLOUR = /(?<![\w&-])#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})(?![\w-])|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\([^)]*\)?/g;

// JSX attributes whose value is a colour (SVG's paint attributes).
const COLOUR_ATTRIBUTES = new Set(['fill', 'stroke', 'color', 'stopColor', 'floodColor', 'lightingColor']);

/**
 * The colour names of the `@theme` blocks of a CSS file (`--color-primary: ...` → 'primary'), in order; empty
 * when there is no theme block (then there is nothing to hold colours to, and no warnings).
 */
export function parseTheme(css: string): string[] {
  const names = new Set<string>();
  const text = withoutComments(css);
  for (const block of themeBlocks(text)) {
    for (const m of text.slice(block.start, block.end).matchAll(/--color-([A-Za-z0-9_-]+)\s*:/g)) names.add(m[1]);
  }
  return [...names];
}

/** THEME_COLOR warnings for one file the model wrote, at most one per line, given the project's theme names. */
export function themeWarnings(path: string, text: string, theme: readonly string[]): TurnWarningView[] {
  if (theme.length === 0) return [];
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  let found: Finding[];
  if (ext === 'css') found = cssFindings(text);
  else if (['ts', 'tsx', 'js', 'jsx'].includes(ext)) found = scriptFindings(path, text);
  else return [];
  const byLine = new Map<number, Finding>();
  for (const f of found.sort((a, b) => a.line - b.line || a.column - b.column)) if (!byLine.has(f.line)) byLine.set(f.line, f);
  return [...byLine.values()].map((f) => ({ code: 'THEME_COLOR', path, line: f.line, column: f.column, message: messageFor(f.match, theme) }));
}

interface Finding {
  line: number;
  column: number;
  match: Match;
}

type Match = { kind: 'palette'; text: string; variants: string; utility: string; hue: string; shade: number; opacity: string } | { kind: 'literal'; text: string };

/** Palette classes, arbitrary colour classes and palette variables in `s`; literal colours too when `literals`. */
function matchesIn(s: string, literals: boolean): { index: number; match: Match }[] {
  const out: { index: number; match: Match }[] = [];
  for (const m of s.matchAll(PALETTE_CLASS)) {
    const [text, variants, utility, hue, shade, blackOrWhite, opacity] = m;
    out.push({ index: m.index, match: { kind: 'palette', text, variants, utility, hue: hue ?? blackOrWhite, shade: shade ? Number(shade) : 0, opacity: opacity ?? '' } });
  }
  for (const re of [ARBITRARY_CLASS, PALETTE_VAR, ...(literals ? [LITERAL_COLOUR] : [])]) {
    for (const m of s.matchAll(re)) out.push({ index: m.index, match: { kind: 'literal', text: m[0] } });
  }
  return out;
}

function scriptFindings(path: string, text: string): Finding[] {
  const parsed = parseModule(path, text);
  if (!parsed) return [];
  const found: Finding[] = [];
  const scan = (raw: string, start: number, literals: boolean) => {
    for (const { index, match } of matchesIn(raw, literals)) {
      found.push({ ...parsed.position(start + Buffer.byteLength(raw.slice(0, index), 'utf8')), match });
    }
  };
  walkAst(parsed.module.body, (node, ancestors) => {
    if (node.type === 'ImportDeclaration' || ancestors.some((a) => a.type === 'ImportDeclaration')) return;
    const inColourProp = ancestors.some(isColourAttribute);
    if (node.type === 'StringLiteral' && node.span) {
      // `raw` keeps the quotes, so offsets within it line up with the source.
      const raw = typeof node.raw === 'string' ? node.raw : JSON.stringify(node.value);
      scan(raw, node.span.start, inColourProp);
    } else if (node.type === 'TemplateElement' && node.span && typeof node.raw === 'string') {
      scan(node.raw, node.span.start, inColourProp);
    }
  });
  return found;
}

const jsxName = (n: unknown): string | null => {
  const node = n as AstNode | undefined;
  return node && (node.type === 'Identifier' || node.type === 'JSXIdentifier') && typeof node.value === 'string' ? node.value : null;
};
const isColourAttribute = (a: AstNode) => {
  if (a.type !== 'JSXAttribute') return false;
  const name = jsxName(a.name);
  return name === 'style' || (name !== null && COLOUR_ATTRIBUTES.has(name));
};

function cssFindings(css: string): Finding[] {
  let masked = withoutComments(css);
  for (const block of themeBlocks(masked)) masked = masked.slice(0, block.start) + blank(masked.slice(block.start, block.end)) + masked.slice(block.end);
  const found: Finding[] = [];
  masked.split('\n').forEach((line, i) => {
    for (const { index, match } of matchesIn(line, true)) {
      // A custom property's value is a theme definition (`--brand: #0ea5e9`, a dark variant), not a use.
      if (match.kind === 'literal' && /--[\w-]+\s*:[^;{}]*$/.test(line.slice(0, index))) continue;
      // `#id {` is a selector, not a colour.
      if (match.text.startsWith('#') && /\{\s*$/.test(line.slice(index))) continue;
      found.push({ line: i + 1, column: index + 1, match });
    }
  });
  return found;
}

/** `@theme { ... }` (and `@theme inline { ... }`) blocks: from the at-rule to its closing brace. */
function themeBlocks(css: string): { start: number; end: number }[] {
  const blocks: { start: number; end: number }[] = [];
  for (const m of css.matchAll(/@theme\b[^{;]*\{/g)) {
    let depth = 0;
    let end = css.length;
    for (let i = m.index + m[0].length - 1; i < css.length; i++) {
      if (css[i] === '{') depth++;
      else if (css[i] === '}' && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    blocks.push({ start: m.index, end });
  }
  return blocks;
}

/** Comments blanked out, every other character (and so every position) kept. */
const withoutComments = (css: string) => css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, blank);
const blank = (s: string) => s.replace(/[^\n]/g, ' ');

function messageFor(match: Match, theme: readonly string[]): string {
  const names = `the theme's colours: ${theme.join(', ')}`;
  if (match.kind === 'literal') return `${match.text} is a literal colour, outside the theme: use a theme colour as a class or var(--color-<name>) (${names})`;
  const instead = suggestion(match, theme);
  const what = `${match.text} is Tailwind's palette, outside the theme`;
  return instead ? `${what}: use ${instead}` : `${what}: use a theme colour (${names})`;
}

/** The theme class that obviously takes a palette class's place, when there is one and the theme has it. */
function suggestion(m: Extract<Match, { kind: 'palette' }>, theme: readonly string[]): string | null {
  const neutral = NEUTRAL_HUES.has(m.hue) || m.hue === 'white' || m.hue === 'black';
  const light = m.hue === 'white' || (m.hue !== 'black' && m.shade <= 200);
  const dark = m.hue === 'black' || m.shade >= 700;
  let name: string | null = null;
  if (neutral) {
    if (/^(?:border|divide|ring|outline)/.test(m.utility)) name = 'border';
    else if (m.utility === 'bg') name = m.hue === 'white' || m.shade === 50 ? 'background' : light ? 'muted' : null;
    else if (m.utility === 'text') name = dark ? 'foreground' : m.shade >= 400 ? 'muted-foreground' : null;
  } else if (m.utility === 'bg' && light) {
    name = 'accent';
  } else if (m.utility === 'text' && light) {
    name = null;
  } else {
    name = 'primary';
  }
  return name && theme.includes(name) ? `${m.variants}${m.utility}-${name}${m.opacity}` : null;
}
