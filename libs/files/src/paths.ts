import { type PathErrorCode, StudioError } from '@studio/contracts';
import { DEFAULT_FILE_LIMITS, type FileLimits } from './limits.js';

/**
 * The path rules, in the one module the API, the file store and the turn pipeline all use. A project path
 * is a relative POSIX path, written exactly as it is meant (nothing that normalises into something else),
 * outside node_modules/ and .git/, of a type a landing page is made of. Each refusal has its own code.
 */

/** The kinds of file a landing-page project holds: source, styles, markup, data, images, fonts. */
export const ALLOWED_EXTENSIONS = new Set([
  'ts',
  'tsx',
  'js',
  'jsx',
  'mjs',
  'cjs',
  'css',
  'scss',
  'html',
  'json',
  'md',
  'mdx',
  'txt',
  'xml',
  'svg',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'avif',
  'ico',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'webmanifest',
]);

/** Extensionless or dot files a project may have. */
export const ALLOWED_NAMES = new Set(['.gitignore', '.prettierrc', '.editorconfig', 'LICENSE', 'README']);

const FORBIDDEN_DIRECTORIES = new Set(['node_modules', '.git']);

/**
 * The longest file or folder name, in UTF-8 bytes. Linux allows 255 (NAME_MAX); the preview agent writes each
 * file to `<name>.<8 hex>.tmp` beside it first and renames it into place (docker/preview/agent/files.mjs,
 * AGENT_TEMP_SUFFIX_BYTES there), so a name must leave room for those 13 bytes. That also leaves room for
 * the static build's `<name>-<8-character hash>.<ext>` asset names.
 */
export const AGENT_TEMP_SUFFIX_BYTES = 13;
export const MAX_NAME_BYTES = 255 - AGENT_TEMP_SUFFIX_BYTES;

const fail = (code: Parameters<typeof refuse>[0], path: string, why: string) => refuse(code, path, why);
function refuse(code: PathErrorCode, path: string, why: string): never {
  throw new StudioError(code, `Path ${JSON.stringify(path.slice(0, 300))} ${why}.`, { path: path.slice(0, 300) });
}

/** Returns the path unchanged when every rule holds; throws a StudioError with the first rule it breaks. */
export function checkPath(path: unknown, limits: Pick<FileLimits, 'maxPathLength'> = DEFAULT_FILE_LIMITS): string {
  if (typeof path !== 'string' || path.length === 0) return fail('PATH_EMPTY', String(path ?? ''), 'is empty');
  if (path.length > limits.maxPathLength) fail('PATH_TOO_LONG', path, `is longer than ${limits.maxPathLength} characters`);
  // NUL and other control characters (C0, DEL, C1) are never part of a file name.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) fail('PATH_CONTROL_CHARACTER', path, 'contains a control character');
  if (path.includes('\\')) fail('PATH_BACKSLASH', path, 'contains a backslash; use / between folders');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('~')) fail('PATH_ABSOLUTE', path, 'is absolute; use a path relative to the project');
  // Invisible and direction-changing characters, and anything Unicode would rewrite (full-width dots,
  // ligatures, decomposed accents): the path must mean exactly what it shows.
  if (/[\p{Cf}\p{Co}\p{Cn}\p{Cs}\u2028\u2029]/u.test(path) || path.normalize('NFKC') !== path) {
    fail('PATH_NOT_NORMALIZED', path, 'contains invisible characters or characters that Unicode normalises to others');
  }
  const segments = path.split('/');
  if (segments.includes('..')) fail('PATH_TRAVERSAL', path, 'contains a .. segment');
  if (segments.some((s) => s === '' || s === '.')) fail('PATH_NOT_NORMALIZED', path, 'has an empty or "." segment (// or a trailing /)');
  if (segments.some((s) => s.trim() !== s)) fail('PATH_NOT_NORMALIZED', path, 'has a segment that starts or ends with white space');
  const long = segments.find((s) => Buffer.byteLength(s, 'utf8') > MAX_NAME_BYTES);
  if (long !== undefined) fail('PATH_TOO_LONG', path, `has a name longer than ${MAX_NAME_BYTES} bytes (${Buffer.byteLength(long, 'utf8')})`);
  const forbidden = segments.find((s) => FORBIDDEN_DIRECTORIES.has(s.toLowerCase()));
  if (forbidden) fail('PATH_FORBIDDEN_DIRECTORY', path, `is inside ${forbidden}/, which the project does not keep`);
  const name = segments[segments.length - 1];
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!ALLOWED_NAMES.has(name) && !ALLOWED_EXTENSIONS.has(ext)) {
    fail('PATH_EXTENSION_NOT_ALLOWED', path, `is not a kind of file a project holds (allowed: ${[...ALLOWED_EXTENSIONS].join(', ')})`);
  }
  return path;
}
