import { relativeImports } from './imports.js';

export type InclusionReason = 'named' | 'recent' | 'imported' | 'entry' | 'other';

export const ENTRY_POINTS = ['src/App.tsx', 'src/main.tsx', 'index.html', 'src/index.css', 'tailwind.config.ts', 'src/theme.css'];

/**
 * Orders files by how much the model needs them for this message: named in the message, then changed
 * recently (most recent first), then imported by those, then the entry points, then the rest (smallest first,
 * so more of them fit).
 */
export function rankFiles(message: string, files: Map<string, string>, recentlyChanged: string[]): { path: string; reason: InclusionReason }[] {
  const order: { path: string; reason: InclusionReason }[] = [];
  const seen = new Set<string>();
  const add = (path: string, reason: InclusionReason) => {
    if (!seen.has(path) && files.has(path)) {
      seen.add(path);
      order.push({ path, reason });
    }
  };
  const lower = message.toLowerCase();
  for (const path of files.keys()) {
    const name = path.split('/').pop()!.toLowerCase();
    const stem = name.replace(/\.[^.]+$/, '');
    if (lower.includes(path.toLowerCase()) || lower.includes(name) || (stem.length >= 4 && new RegExp(`\\b${escape(stem)}\\b`).test(lower))) add(path, 'named');
  }
  for (const path of recentlyChanged) add(path, 'recent');
  const exists = (p: string) => files.has(p);
  for (const { path } of [...order]) for (const dep of relativeImports(path, files.get(path)!, exists)) add(dep, 'imported');
  for (const path of ENTRY_POINTS) add(path, 'entry');
  for (const path of [...files.keys()].sort((a, b) => files.get(a)!.length - files.get(b)!.length || a.localeCompare(b))) add(path, 'other');
  return order;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
