import { isDeepStrictEqual } from 'node:util';
import type { SourceIssue } from './source-analysis.js';

// Files that run as code in the build or dev server, or decide what gets installed: never the model's to change.
const PROTECTED = [
  /(^|\/)vite\.config\.[cm]?[jt]s$/,
  /(^|\/)postcss\.config\.[cm]?[jt]s$/,
  /(^|\/)tailwind\.config\.[cm]?[jt]s$/,
  /(^|\/)eslint\.config\.[cm]?[jt]s$/,
  /(^|\/)\.eslintrc(\.[cm]?[jt]s)?$/,
  /(^|\/)\.npmrc$/,
  /(^|\/)(package-lock\.json|pnpm-lock\.yaml|yarn\.lock|bun\.lockb?)$/,
];

// package.json keys that change what runs or what is installed; the rest (name, description...) may change.
const GUARDED_KEYS = ['scripts', 'dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'overrides', 'workspaces', 'type', 'main', 'bin', 'exports'];

const isPackageJson = (p: string) => p === 'package.json' || p.endsWith('/package.json');
const refuse = (message: string): SourceIssue => ({ code: 'PROTECTED_FILE', message });

/** Whether a change touches a protected file (build configuration, lockfiles, package.json's scripts and dependencies). */
export function checkProtected(
  change: { action: 'write' | 'delete' | 'rename'; path: string; from?: string; content?: string },
  current: (path: string) => string | undefined,
): SourceIssue | null {
  for (const p of [change.path, change.from].filter((x): x is string => Boolean(x))) {
    if (PROTECTED.some((re) => re.test(p))) return refuse(`${p} is build configuration; it cannot be changed from the chat.`);
  }
  const pkg = [change.path, change.from].find((p) => p && isPackageJson(p));
  if (!pkg) return null;
  if (change.action !== 'write') return refuse(`${pkg} cannot be deleted or renamed.`);
  let next: Record<string, unknown>;
  try {
    next = JSON.parse(change.content ?? '');
  } catch {
    return refuse(`${pkg} would not be valid JSON.`);
  }
  const before = current(pkg);
  let prev: Record<string, unknown> = {};
  try {
    prev = before === undefined ? {} : JSON.parse(before);
  } catch {
    prev = {};
  }
  const changed = GUARDED_KEYS.filter((k) => !isDeepStrictEqual(prev[k], next[k]));
  return changed.length ? refuse(`${pkg}: ${changed.join(', ')} cannot be changed; the preview has a fixed set of packages and scripts.`) : null;
}
