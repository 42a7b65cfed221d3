import { isDeepStrictEqual } from 'node:util';
import { StudioError } from '@studio/contracts';

/**
 * The protected-file rule, the one module every write path uses: a turn's changes (the worker's validator),
 * a person's edits and restores (the API). Build configuration, package-manager configuration, lockfiles and
 * env files are never changed from inside the product: they run as code in the build or the dev server, decide
 * what gets installed, or (`.env*`) are read into the bundle. The preview and the static build do not load any
 * of them anyway (docker/preview/agent pins its configuration); this rule keeps the stored project honest too,
 * so a downloaded source zip builds the way the preview did.
 *
 * Not protected, on purpose: `tsconfig*.json`. No tool runs it as code, the type gate checks with its own
 * compiler options (libs/typecheck), and the transform only reads a few emit options from it; a person may
 * well want to tune it for their own editor.
 */
const PROTECTED_NAMES: RegExp[] = [
  // Vite, Vitest, PostCSS, Tailwind, Babel, ESLint: any extension (js, mjs, cjs, ts, mts, cts, json...).
  /^vite\.config\./,
  /^vitest\.(config|workspace)\./,
  /^postcss\.config\./,
  /^\.postcssrc(\.|$)/,
  /^tailwind\.config\./,
  /^babel\.config\./,
  /^\.babelrc(\.|$)/,
  /^\.swcrc$/,
  /^\.browserslistrc$/,
  /^browserslist$/,
  /^eslint\.config\./,
  /^\.eslintrc(\.|$)/,
  // Package managers: their configuration and lockfiles.
  /^\.npmrc$/,
  /^\.yarnrc(\.|$)/,
  /^\.pnpmfile\.c?js$/,
  /^pnpm-workspace\.yaml$/,
  /^(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/,
  // Vite loads .env, .env.local, .env.[mode], .env.[mode].local into the config and VITE_* into the page.
  /^\.env(\.|$)/,
];

/**
 * The package.json keys a person or the model may change: descriptive ones no tool acts on. Every other key
 * (scripts, dependencies and overrides, `type`/`main`/`exports`/`imports`, and the tool configuration some
 * tools read from package.json: `postcss`, `browserslist`, `babel`, `eslintConfig`...) is guarded.
 */
const EDITABLE_PACKAGE_KEYS = new Set(['name', 'version', 'description', 'keywords', 'license', 'author', 'contributors', 'homepage', 'repository', 'bugs', 'funding', 'private']);

export type ProtectedCheckChange = { action: 'write'; path: string; content: string | Buffer } | { action: 'delete'; path: string } | { action: 'rename'; path: string; from: string };

export interface ProtectedFileIssue {
  code: 'PROTECTED_FILE';
  message: string;
}

const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1).toLowerCase();

/** Whether the file at `path` is configuration no one changes from inside the product (package.json aside). */
export const isProtectedPath = (path: string): boolean => PROTECTED_NAMES.some((re) => re.test(nameOf(path)));

export const isPackageJson = (path: string): boolean => nameOf(path) === 'package.json';

const issue = (message: string): ProtectedFileIssue => ({ code: 'PROTECTED_FILE', message });

function parseObject(text: string | undefined): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Whether a change touches a protected file; `current(path)` gives a file's text as it is before the change
 * (only package.json is asked for). Null when the change may go ahead.
 */
export function checkProtected(change: ProtectedCheckChange, current: (path: string) => string | undefined): ProtectedFileIssue | null {
  const paths = change.action === 'rename' ? [change.from, change.path] : [change.path];
  const config = paths.find(isProtectedPath);
  if (config) return issue(`${config} is build or package configuration; it cannot be changed here.`);
  const pkg = paths.find(isPackageJson);
  if (!pkg) return null;
  if (change.action !== 'write') return issue(`${pkg} cannot be deleted or renamed.`);
  const next = parseObject(typeof change.content === 'string' ? change.content : change.content.toString('utf8'));
  if (!next) return issue(`${pkg} must stay a valid JSON object.`);
  const prev = parseObject(current(pkg)) ?? {};
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])].filter((k) => !EDITABLE_PACKAGE_KEYS.has(k));
  const changed = keys.filter((k) => !isDeepStrictEqual(prev[k], next[k]));
  return changed.length ? issue(`${pkg}: ${changed.join(', ')} cannot be changed; the preview has a fixed set of packages, scripts and build settings.`) : null;
}

/**
 * The studio's own files of a project (`.studio/`: the person's standing instructions, INSTRUCTIONS_PATH in
 * libs/contracts). A person writes them (the instructions endpoint, the code view); the model never does: a
 * reply that rewrote the instructions it is given would steer every later turn, so the person's word would no
 * longer be theirs.
 */
const MODEL_PROTECTED_DIR = '.studio/';

/** Whether the model may not write, delete or rename `path` (case-insensitive: `.Studio/` is the same folder on a Mac). */
export const isModelProtectedPath = (path: string): boolean => path.toLowerCase().startsWith(MODEL_PROTECTED_DIR);

/** checkProtected for a change the model's reply makes: everything a person meets, plus the studio's own files. */
export function checkModelProtected(change: ProtectedCheckChange, current: (path: string) => string | undefined): ProtectedFileIssue | null {
  const paths = change.action === 'rename' ? [change.from, change.path] : [change.path];
  const studio = paths.find(isModelProtectedPath);
  if (studio) return issue(`${studio} belongs to the person (the project's instructions); only they can change it.`);
  return checkProtected(change, current);
}

/** checkProtected for callers that refuse with an error: throws StudioError PROTECTED_FILE naming the path. */
export function assertNotProtected(change: ProtectedCheckChange, current: (path: string) => string | undefined): void {
  const found = checkProtected(change, current);
  if (found) throw new StudioError('PROTECTED_FILE', found.message, { path: change.path, ...(change.action === 'rename' ? { from: change.from } : {}) });
}
