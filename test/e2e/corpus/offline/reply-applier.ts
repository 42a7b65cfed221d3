import { posix } from 'node:path';
import { resolveRelativeImport } from '@studio/imports';
import { applyPatch, ReplyParser } from '@studio/llm';

/** Something in a reply that did not apply, by the platform's own parser and patcher. */
export interface ApplyProblem {
  path: string;
  code: string;
  message: string;
}

export interface Applied {
  files: Map<string, string>;
  /** The paths the reply changed (written, patched, inserted, deleted, renamed from or to). */
  touched: Set<string>;
  problems: ApplyProblem[];
}

/** A library section's source by id (the catalog's ComponentLibrary has this shape), or null. */
export type SectionSource = (id: string) => string | null;

/**
 * A reply applied to a project the way the turn pipeline applies it, minus validation: the real streaming
 * parser (fed in chunks, as a model streams) and the real patcher; inserts copy the library section. What
 * does not parse or apply is listed, not thrown.
 */
export function applyReply(base: ReadonlyMap<string, string>, reply: string, section: SectionSource, chunkChars = 48): Applied {
  const files = new Map(base);
  const touched = new Set<string>();
  const problems: ApplyProblem[] = [];
  const parser = new ReplyParser();
  const events = [];
  for (let i = 0; i < reply.length; i += chunkChars) events.push(...parser.push(reply.slice(i, i + chunkChars)));
  events.push(...parser.end());
  for (const e of events) {
    if (e.type === 'error') problems.push({ path: e.path ?? '(reply)', code: e.code, message: e.message });
    if (e.type !== 'change') continue;
    const c = e.change;
    const problem = (code: string, message: string) => problems.push({ path: c.path, code, message });
    switch (c.action) {
      case 'write':
        files.set(c.path, c.content);
        touched.add(c.path);
        break;
      case 'patch': {
        const current = files.get(c.path);
        if (current === undefined) {
          problem('FILE_NOT_FOUND', `${c.path} does not exist`);
          break;
        }
        const result = applyPatch(current, c.blocks);
        if (result.ok) {
          files.set(c.path, result.content);
          touched.add(c.path);
        } else problem(result.code, result.message);
        break;
      }
      case 'insert': {
        const source = section(c.component);
        if (source === null) problem('COMPONENT_NOT_FOUND', `no library section "${c.component}"`);
        else {
          files.set(c.path, source);
          touched.add(c.path);
        }
        break;
      }
      case 'delete':
        if (!files.delete(c.path)) problem('FILE_NOT_FOUND', `${c.path} does not exist`);
        touched.add(c.path);
        break;
      case 'rename': {
        const content = files.get(c.path);
        if (content === undefined) {
          problem('FILE_NOT_FOUND', `${c.path} does not exist`);
          break;
        }
        files.delete(c.path);
        files.set(c.to, content);
        touched.add(c.path).add(c.to);
        break;
      }
    }
  }
  return { files, touched, problems };
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * The project paths a file's relative imports resolve to, by the platform's own resolver (@studio/imports);
 * one that resolves to nothing is given as written (joined, no extension).
 */
export function relativeImports(path: string, text: string, exists: (p: string) => boolean): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const specifier = m[1] ?? m[2];
    out.push(resolveRelativeImport(path, specifier, exists) ?? posix.normalize(posix.join(posix.dirname(path), specifier)));
  }
  return out;
}

/**
 * The project as the repair request sees it: the reply's changes, except those the platform refuses, as
 * the turn pipeline does. A refused file keeps its earlier content; so does a file that imports a refused
 * or missing one (it is knocked out with it).
 */
export function acceptedPart(base: ReadonlyMap<string, string>, applied: Applied, diagnostics: { path: string }[]): Map<string, string> {
  const bad = new Set([...applied.problems.map((p) => p.path), ...diagnostics.map((d) => d.path)]);
  const exists = (p: string) => applied.files.has(p) && !bad.has(p);
  for (let grew = true; grew; ) {
    grew = false;
    for (const path of applied.touched) {
      const text = applied.files.get(path);
      if (bad.has(path) || text === undefined) continue;
      if (relativeImports(path, text, (p) => applied.files.has(p)).some((target) => !exists(target))) {
        bad.add(path);
        grew = true;
      }
    }
  }
  const files = new Map(applied.files);
  for (const path of bad) {
    const before = base.get(path);
    if (before === undefined) files.delete(path);
    else files.set(path, before);
  }
  return files;
}
