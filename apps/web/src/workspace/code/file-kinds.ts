/**
 * What the code view makes of a file from its name and bytes: the language its editor highlights, whether it
 * is text at all, and the image type a blob needs to be drawn (the API sends every file as
 * application/octet-stream). Pure, so the rules are unit-tested alone; the CodeMirror packages are picked in
 * editor-extensions.ts from the language named here.
 */

export type Language = 'typescript' | 'tsx' | 'javascript' | 'jsx' | 'css' | 'html' | 'json' | 'markdown' | 'plain';

const LANGUAGES: Record<string, Language> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'jsx',
  css: 'css',
  html: 'html',
  htm: 'html',
  // SVG is markup: the HTML grammar reads its tags and attributes well enough to colour them.
  svg: 'html',
  json: 'json',
  md: 'markdown',
  markdown: 'markdown',
};

/** The file's extension, lower-cased ('' for none, and for dotfiles such as `.gitignore`). */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export const languageOf = (path: string): Language => LANGUAGES[extensionOf(path)] ?? 'plain';

/** Raster images an <img> can draw from a blob (SVG is edited as text instead). */
const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
};

export const imageTypeOf = (path: string): string | null => IMAGE_TYPES[extensionOf(path)] ?? null;

/**
 * The file as text, or null when it is not text: bytes that are not UTF-8, or hold a NUL (fonts, images and
 * archives do; source never does). A byte-order mark is kept, so saving the text writes the same bytes back.
 */
export function textOf(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The line break a text is written with. The editor joins its lines with it on save, so a file written with
 * CRLF is saved with CRLF (CodeMirror would otherwise turn every break into LF: a change on every line).
 */
export const lineBreakOf = (text: string): '\n' | '\r\n' => (text.includes('\r\n') && !/(^|[^\r])\n/.test(text) ? '\r\n' : '\n');

/** A size as a person reads it: 812 B, 4.3 KB, 1.2 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
