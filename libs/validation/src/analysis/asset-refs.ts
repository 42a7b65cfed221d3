import { ASSET_DIR, ASSET_URL_PREFIX } from '@studio/contracts';
import { type AstNode, parseModule, walkAst } from './swc-module.js';

/** A page's literal reference to a project asset (`/assets/logo.png`), where it was written. */
export interface AssetRef {
  /** As written, less any `?query` or `#hash`. */
  url: string;
  /** The project file it names (`public/assets/logo.png`). */
  path: string;
  line: number;
  column: number;
}

// JSX attributes and object keys whose literal value is an image address (an object key covers a section's
// `image={{ src: '/assets/hero.jpg', ... }}` prop).
const URL_KEYS = new Set(['src', 'poster']);
const SRCSET_KEYS = new Set(['srcSet', 'srcset']);
// `url(/assets/a.png)`, `url('/assets/a.png')`, `url("/assets/a.png")`: in CSS, or in a string of a style prop.
const CSS_URL = /url\(\s*(['"]?)(\/assets\/[^'")\s]*)\1\s*\)/g;

/** The project path an `/assets/...` URL names: Vite serves `public/` at `/`. */
export function assetPathOf(url: string): string {
  const bare = url.replace(/[?#].*$/, '');
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // A malformed %-escape names no file: keep it as written, so it is reported as missing.
  }
  return `${ASSET_DIR}${decoded.slice(ASSET_URL_PREFIX.length)}`;
}

const isAssetUrl = (s: string) => s.startsWith(ASSET_URL_PREFIX) && s.length > ASSET_URL_PREFIX.length;

/**
 * The literal `/assets/...` references of a file the model wrote: in TS/JS, `src`, `srcSet` and `poster`
 * (JSX attributes or object keys), `import x from '/assets/...'` and CSS `url()` inside a string; in CSS, every
 * `url()`. Only string literals count: a computed address (`src={asset.src}`, a template literal) is the code's
 * business and is not guessed at. A file that does not parse has none (the syntax check reports it).
 */
export function findAssetRefs(path: string, content: string): AssetRef[] {
  // Most files name no asset: skip the second parse for them (the write checks run on every reply's file).
  if (!content.includes(ASSET_URL_PREFIX)) return [];
  if (path.toLowerCase().endsWith('.css')) return cssRefs(content);
  const parsed = parseModule(path, content);
  if (!parsed) return [];
  const refs: AssetRef[] = [];
  const add = (url: string, offset: number, shift = 0) => {
    if (!isAssetUrl(url)) return;
    const at = parsed.position(offset);
    refs.push({ url: url.replace(/[?#].*$/, ''), path: assetPathOf(url), line: at.line, column: at.column + shift });
  };
  // A string literal's value, and where its text starts (after the quote).
  const literal = (n: unknown): { value: string; offset: number } | null => {
    const node = n as AstNode | undefined;
    if (node?.type === 'StringLiteral' && node.span) return { value: node.value as string, offset: node.span.start };
    if (node?.type === 'JSXExpressionContainer') return literal(node.expression);
    return null;
  };
  const addValue = (key: string, value: unknown) => {
    const lit = literal(value);
    if (!lit) return;
    if (URL_KEYS.has(key)) add(lit.value, lit.offset, 1);
    else if (SRCSET_KEYS.has(key)) for (const candidate of srcSetUrls(lit.value)) add(candidate.url, lit.offset, 1 + candidate.index);
  };
  const keyName = (n: unknown): string | null => {
    const node = n as AstNode | undefined;
    if (node?.type === 'Identifier' || node?.type === 'StringLiteral') return node.value as string;
    return null;
  };
  walkAst(parsed.module.body, (node) => {
    if (node.type === 'ImportDeclaration') {
      const source = node.source as AstNode;
      if (source.span) add(source.value as string, source.span.start, 1);
    } else if (node.type === 'JSXAttribute') {
      const name = keyName(node.name);
      if (name) addValue(name, node.value);
    } else if (node.type === 'KeyValueProperty') {
      const name = keyName(node.key);
      if (name) addValue(name, node.value);
    } else if (node.type === 'StringLiteral' && node.span) {
      const value = node.value as string;
      for (const m of value.matchAll(CSS_URL)) add(m[2], node.span.start, 1 + (m.index ?? 0) + m[0].indexOf(m[2]));
    }
  });
  return refs;
}

/** `srcSet="/assets/a-480w.webp 480w, /assets/a.png 1200w"`: each candidate's URL and its index in the value. */
function srcSetUrls(value: string): { url: string; index: number }[] {
  const out: { url: string; index: number }[] = [];
  for (const m of value.matchAll(/[^,\s][^\s,]*/g)) {
    // The first word after the start or a comma is the URL; the rest are descriptors (`480w`, `2x`).
    const before = value.slice(0, m.index).trimEnd();
    if (before === '' || before.endsWith(',')) out.push({ url: m[0], index: m.index ?? 0 });
  }
  return out;
}

function cssRefs(css: string): AssetRef[] {
  // Comments blanked to spaces, so offsets and lines stay where they were.
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));
  const refs: AssetRef[] = [];
  for (const m of text.matchAll(CSS_URL)) {
    const offset = (m.index ?? 0) + m[0].indexOf(m[2]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    refs.push({ url: m[2].replace(/[?#].*$/, ''), path: assetPathOf(m[2]), line, column });
  }
  return refs;
}
