import type { RenderCheckView } from '@studio/contracts';
import { type Finding, fromViteError } from './classify.js';
import type { ViteError } from './page-signals.js';
import { projectPathOf } from './served-code.js';
import { originalPosition } from './source-map.js';

export type RenderError = NonNullable<RenderCheckView['error']>;

/** Each lookup is one request to a dev server that has the module in its cache already. */
const LOOKUP_TIMEOUT_MS = 2000;

async function fetchText(url: string): Promise<{ status: number; text: string } | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
    return { status: res.status, text: await res.text() };
  } catch {
    return null;
  }
}

/** Vite's 500 page for a module embeds the error as `const error = {...}` (its error middleware). */
export function viteErrorInPage(html: string): ViteError | null {
  const match = /const error = (\{.*\})\s*$/m.exec(html);
  if (!match) return null;
  try {
    const error = JSON.parse(match[1]) as { message?: unknown; id?: unknown; plugin?: unknown; loc?: { file?: unknown; line?: unknown; column?: unknown } };
    if (typeof error.message !== 'string') return null;
    const loc =
      error.loc && typeof error.loc.line === 'number'
        ? { file: typeof error.loc.file === 'string' ? error.loc.file : undefined, line: error.loc.line, column: typeof error.loc.column === 'number' ? error.loc.column : undefined }
        : undefined;
    return { message: error.message, id: typeof error.id === 'string' ? error.id : undefined, plugin: typeof error.plugin === 'string' ? error.plugin : undefined, loc };
  } catch {
    return null;
  }
}

/** `export default "..."`: a file's text as written, as Vite serves it for `?raw`. */
export function rawModuleText(code: string): string | null {
  const match = /^export default ("(?:[^"\\]|\\.)*")\s*;?\s*$/m.exec(code);
  if (!match) return null;
  try {
    return JSON.parse(match[1]) as string;
  } catch {
    return null;
  }
}

/** The 1-based line whose import names `specifier` (the `from '...'` line of a multi-line import). */
export function importLine(source: string, specifier: string): number | null {
  const quoted = [`'${specifier}'`, `"${specifier}"`];
  const index = source.split('\n').findIndex((line) => quoted.some((q) => line.includes(q)));
  return index >= 0 ? index + 1 : null;
}

/**
 * The finding in the project's terms: its file as the model wrote it and the line there. Positions in
 * served code go through the module's inline source map; a position that cannot be mapped is left out
 * rather than given wrong. Never throws: without a location the error is still reported.
 */
export async function locate(finding: Finding, origin: string): Promise<RenderError> {
  let found = finding;
  if (found.refetch) {
    const page = await fetchText(found.refetch);
    const error = page && page.status >= 500 ? viteErrorInPage(page.text) : null;
    const path = projectPathOf(found.refetch, origin);
    if (error) found = fromViteError(error, origin, path ? [path] : []);
  }
  const error: RenderError = { kind: found.kind, message: found.message };
  const where = found.where;
  if (!where) return error;
  if ('served' in where) {
    const file = projectPathOf(where.served, origin);
    if (!file) return error;
    const module = await fetchText(where.served);
    const at = module && module.status === 200 ? originalPosition(module.text, where) : null;
    return at ? { ...error, file, line: at.line, column: at.column } : { ...error, file };
  }
  if ('specifier' in where) {
    const raw = await fetchText(`${origin}/${where.file.split('/').map(encodeURIComponent).join('/')}?raw`);
    const source = raw && raw.status === 200 ? rawModuleText(raw.text) : null;
    const line = source === null ? null : importLine(source, where.specifier);
    return line ? { ...error, file: where.file, line } : { ...error, file: where.file };
  }
  return { ...error, file: where.file, ...(where.line ? { line: where.line } : {}), ...(where.column ? { column: where.column } : {}) };
}
