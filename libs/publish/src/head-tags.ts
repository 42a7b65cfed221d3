import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { contentTypeOf } from './content-types.js';
import { escapeAttribute, escapeText, oneLine } from './html-escape.js';

/**
 * The page's `<head>` as search engines and link previews read it, rewritten at publish from the site's
 * settings (docs/ARCHITECTURE.md "libs/publish"). parse5 (the WHATWG parser jsdom is built on) finds the tags
 * with their exact source offsets, so the tags this owns are cut out and the new ones inserted while every
 * other byte of the built page stays as Vite wrote it: re-serialising the tree would rewrite the person's
 * markup (quotes, void tags, whitespace) for no gain. A regex would be fooled by comments, scripts holding
 * `</head>` and an `<svg><title>` in the body; the parser is not.
 */

type Element = DefaultTreeAdapterTypes.Element;
type Node = DefaultTreeAdapterTypes.Node;

export interface PageFacts {
  title?: string;
  description?: string;
  lang?: string;
}

export interface HeadMeta {
  /** The site's root URL, ending in `/`: canonical link and og:url. */
  canonicalUrl: string;
  title: string;
  /** Empty: no description tags (and the page's own are removed). */
  description: string;
  /** Absolute URL of the Open Graph image. */
  imageUrl?: string;
  imageAlt?: string;
  imageWidth?: number;
  imageHeight?: number;
  /** Site-relative URLs, e.g. `/favicon-32.png`; given: the page's own icon links are replaced. */
  faviconPaths?: { icon: string; apple?: string };
  noindex: boolean;
  siteName?: string;
}

const isElement = (node: Node): node is Element => 'tagName' in node;

const attributeOf = (el: Element, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;

function childElement(parent: Node | undefined, tagName: string): Element | undefined {
  if (!parent || !('childNodes' in parent)) return undefined;
  return parent.childNodes.find((n): n is Element => isElement(n) && n.tagName === tagName);
}

function textOf(el: Element): string {
  return el.childNodes.map((n) => ('value' in n && n.nodeName === '#text' ? n.value : '')).join('');
}

/** A leading byte-order mark makes parse5 read it as text before the doctype (so the head is implied, with no offsets); the served file is UTF-8 by its header. */
const withoutBom = (html: string) => html.replace(/^\uFEFF/, '');

/** What the built page says about itself before any script runs: the defaults for a site with no settings. */
export function readPageFacts(html: string): PageFacts {
  const root = childElement(parse(withoutBom(html)), 'html');
  const head = childElement(root, 'head');
  const facts: PageFacts = {};
  const titleElement = childElement(head, 'title');
  const title = titleElement ? oneLine(textOf(titleElement)) : '';
  if (title) facts.title = title;
  const description = head?.childNodes.find((n): n is Element => isElement(n) && n.tagName === 'meta' && attributeOf(n, 'name')?.toLowerCase() === 'description');
  const described = oneLine((description && attributeOf(description, 'content')) ?? '');
  if (described) facts.description = described;
  const lang = root && attributeOf(root, 'lang')?.trim();
  if (lang) facts.lang = lang;
  return facts;
}

const META_NAMES = new Set(['description', 'robots', 'twitter:card', 'twitter:title', 'twitter:description', 'twitter:image', 'twitter:image:alt']);
const ICON_RELS = new Set(['icon', 'shortcut', 'apple-touch-icon', 'apple-touch-icon-precomposed']);

/**
 * The head tags this rewrites, wherever the page had them: a second `og:title` or `<title>` left in place
 * would be the one some crawler picks. A page's robots tag always goes: the site's noindex setting decides.
 */
function isOwned(el: Element, replaceIcons: boolean): boolean {
  if (el.tagName === 'title') return true;
  if (el.tagName === 'meta') {
    const name = attributeOf(el, 'name')?.toLowerCase();
    if (name !== undefined && META_NAMES.has(name)) return true;
    const property = attributeOf(el, 'property')?.toLowerCase();
    return property !== undefined && (property.startsWith('og:image') || ['og:title', 'og:description', 'og:url', 'og:type', 'og:site_name'].includes(property));
  }
  if (el.tagName === 'link') {
    const rels = (attributeOf(el, 'rel') ?? '').toLowerCase().split(/\s+/);
    return rels.includes('canonical') || (replaceIcons && rels.some((r) => ICON_RELS.has(r)));
  }
  return false;
}

const metaName = (name: string, content: string) => `<meta name="${name}" content="${escapeAttribute(content)}">`;
const metaProperty = (property: string, content: string) => `<meta property="${property}" content="${escapeAttribute(content)}">`;

function headTags(meta: HeadMeta): string[] {
  const title = oneLine(meta.title);
  const description = oneLine(meta.description);
  const imageAlt = meta.imageAlt === undefined ? '' : oneLine(meta.imageAlt);
  const tags = [`<title>${escapeText(title)}</title>`];
  if (description) tags.push(metaName('description', description));
  tags.push(`<link rel="canonical" href="${escapeAttribute(meta.canonicalUrl)}">`);
  if (meta.noindex) tags.push(metaName('robots', 'noindex, nofollow'));
  tags.push(metaProperty('og:type', 'website'), metaProperty('og:url', meta.canonicalUrl), metaProperty('og:title', title));
  if (description) tags.push(metaProperty('og:description', description));
  if (meta.siteName) tags.push(metaProperty('og:site_name', oneLine(meta.siteName)));
  if (meta.imageUrl) {
    tags.push(metaProperty('og:image', meta.imageUrl));
    if (meta.imageWidth && meta.imageHeight) tags.push(metaProperty('og:image:width', String(meta.imageWidth)), metaProperty('og:image:height', String(meta.imageHeight)));
    if (imageAlt) tags.push(metaProperty('og:image:alt', imageAlt));
  }
  // A large card needs an image; without one the small card with the title and description reads better.
  tags.push(metaName('twitter:card', meta.imageUrl ? 'summary_large_image' : 'summary'), metaName('twitter:title', title));
  if (description) tags.push(metaName('twitter:description', description));
  if (meta.imageUrl) {
    tags.push(metaName('twitter:image', meta.imageUrl));
    if (imageAlt) tags.push(metaName('twitter:image:alt', imageAlt));
  }
  if (meta.faviconPaths) {
    const { icon, apple } = meta.faviconPaths;
    tags.push(`<link rel="icon" href="${escapeAttribute(icon)}" type="${contentTypeOf(icon).split(';')[0]}">`);
    if (apple) tags.push(`<link rel="apple-touch-icon" href="${escapeAttribute(apple)}">`);
  }
  return tags;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

/** Back from `offset` over whitespace: where the previous tag or text ends. */
function afterPrevious(html: string, offset: number): number {
  let at = offset;
  while (at > 0 && isSpace(html.charAt(at - 1))) at--;
  return at;
}

/** The element's source span with the whitespace before it (its line break and indentation), so no blank lines stay behind. */
function removal(html: string, el: Element): Edit | null {
  const loc = el.sourceCodeLocation;
  return loc ? { start: afterPrevious(html, loc.startOffset), end: loc.endOffset, text: '' } : null;
}

/** After the head's last tag (so before the whitespace ahead of `</head>`); without one, where the parser implied the head. */
function insertionPoint(html: string, doc: DefaultTreeAdapterTypes.Document, root: Element | undefined, head: Element | undefined): number {
  const loc = head?.sourceCodeLocation;
  if (loc?.endTag) return afterPrevious(html, loc.endTag.startOffset);
  const lastInHead = Math.max(-1, ...(head?.childNodes ?? []).map((n) => n.sourceCodeLocation?.endOffset ?? -1));
  if (lastInHead >= 0) return afterPrevious(html, lastInHead);
  if (loc?.startTag) return loc.startTag.endOffset;
  const rootStart = root?.sourceCodeLocation?.startTag;
  if (rootStart) return rootStart.endOffset;
  const doctype = doc.childNodes.find((n) => n.nodeName === '#documentType');
  return doctype?.sourceCodeLocation?.endOffset ?? 0;
}

/** The indentation of the head's first tag on its own line, so the new tags line up with the page's. */
function indentOf(html: string, head: Element | undefined): string {
  const first = head?.childNodes.find((n) => isElement(n) && n.sourceCodeLocation);
  const start = first?.sourceCodeLocation?.startOffset;
  if (start === undefined) return '';
  const lineStart = html.lastIndexOf('\n', start - 1) + 1;
  const indent = html.slice(lineStart, start);
  return /^[ \t]*$/.test(indent) ? indent : '';
}

/**
 * The page with its title, description, canonical link, Open Graph and Twitter card tags, favicon links and
 * (while the person asks) a robots noindex tag set from `meta`; the page's own copies of those are removed.
 * Every value is escaped for where it goes, so no setting can add markup to the page.
 */
export function withHeadTags(html: string, meta: HeadMeta): string {
  const source = withoutBom(html);
  const doc = parse(source, { sourceCodeLocationInfo: true });
  const root = childElement(doc, 'html');
  const head = childElement(root, 'head');
  const owned = (head?.childNodes ?? []).filter((n): n is Element => isElement(n) && isOwned(n, meta.faviconPaths !== undefined));
  const edits: Edit[] = owned.flatMap((el) => removal(source, el) ?? []);
  // The point may be the end of a tag being removed (the head's last one): move it to where that removal starts.
  let at = insertionPoint(source, doc, root, head);
  for (let moved = true; moved; ) {
    const inside = edits.find((e) => e.start < at && at <= e.end);
    moved = inside !== undefined;
    if (inside) at = inside.start;
  }
  const indent = indentOf(source, head);
  const block = headTags(meta)
    .map((tag) => `\n${indent}${tag}`)
    .join('');
  // Where the next thing starts on the same line (a head-less page's `<p>`), it goes on a line of its own.
  const rest = source.charAt(at);
  edits.push({ start: at, end: at, text: rest === '' || isSpace(rest) ? block : `${block}\n` });
  // From the end backwards, so earlier offsets stay valid; at one offset the removal first, then the insertion.
  edits.sort((a, b) => b.start - a.start || b.end - b.start - (a.end - a.start));
  let out = source;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
