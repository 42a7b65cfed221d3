import type { ErrorBody, ProjectEventPayloads } from '@studio/contracts';
import type { CorpusCase } from './corpus-case.js';

export type Completed = ProjectEventPayloads['turn:completed'];

/** How a turn ended, as the person's chat shows it. */
export type TurnEnd = { name: 'turn:completed'; payload: Completed } | { name: 'turn:failed'; payload: { error: ErrorBody } } | { name: 'turn:cancelled'; payload: object };

/** Everything the harness saw of one case: the turn's outcome, the project after it and the page a person gets. */
export interface Observation {
  baseVersion: number;
  end: TurnEnd;
  /** Requests the scripted model received for the case (the reply, a continuation, the repair...). */
  modelRequests: number;
  /** The project's head version after the turn (REST). */
  headVersion: number;
  /** The preview's REST view when the page was opened. */
  preview: { status: string; version?: number };
  page: { errors: string[]; rootEmpty: boolean; domFailures: string[] };
}

export type Category = 'applied' | 'repaired' | 'not-applied';

/** What a person should end up with for the case. */
export function expectedCategory(c: CorpusCase): Category {
  if (c.expect.outcome === 'not-applied') return 'not-applied';
  return c.expect.mistake ? 'repaired' : 'applied';
}

/** Requests beyond the first reply and its continuation: the repair round. */
export const repairRequests = (c: CorpusCase, o: Pick<Observation, 'modelRequests'>) => Math.max(0, o.modelRequests - 1 - (c.continuation ? 1 : 0));

/** What the turn did: a new version that is whole (with or without a repair round), or not. */
export function actualCategory(c: CorpusCase, o: Observation): Category {
  if (o.end.name !== 'turn:completed' || o.end.payload.partial || o.end.payload.version === o.baseVersion) return 'not-applied';
  return repairRequests(c, o) > 0 ? 'repaired' : 'applied';
}

const codesOf = (p: Completed) => (p.refused ?? []).map((r) => r.code as string);
const sameSet = (a: string[], b: string[]) => new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));

/**
 * Every way the case's turn and page differ from what a person must see; [] when the turn ended as expected.
 * One rule for all cases, so a case says only what it expects (case.json), never how to check it.
 */
export function judge(c: CorpusCase, o: Observation): string[] {
  const failures: string[] = [];
  const fail = (why: string) => failures.push(why);
  const want = c.expect;
  const end = o.end;

  if (want.outcome === 'applied') {
    if (end.name !== 'turn:completed') fail(`expected turn:completed, got ${end.name}${end.name === 'turn:failed' ? ` ${end.payload.error.code}: ${end.payload.error.message}` : ''}`);
    else {
      const p = end.payload;
      if (p.version <= o.baseVersion) fail(`expected a new version, the turn completed on ${p.version} (base ${o.baseVersion})`);
      const codes = codesOf(p);
      if (!sameSet(codes, want.refusedCodes ?? []))
        fail(`refused ${JSON.stringify((p.refused ?? []).map((r) => `${r.path}: ${r.code} ${r.message}`))}, expected codes ${JSON.stringify(want.refusedCodes ?? [])}`);
      if (!want.refusedCodes?.length && p.partial) fail('the turn says it is partial, but everything should have been applied');
      if (p.render?.status === 'failed') fail(`the platform's render check failed: ${JSON.stringify(p.render.error)}`);
    }
    const repairs = repairRequests(c, o);
    if (want.mistake && repairs === 0) fail(`the reply's mistake (${want.mistake}) should have been repaired, but the model was never asked to`);
    if (!want.mistake && repairs > 0) fail(`a clean reply should need no repair round, the model was asked ${repairs} more time(s)`);
  } else if (want.failedCode) {
    if (end.name !== 'turn:failed') fail(`expected turn:failed ${want.failedCode}, got ${end.name}`);
    else {
      if (end.payload.error.code !== want.failedCode) fail(`expected error ${want.failedCode}, got ${end.payload.error.code}: ${end.payload.error.message}`);
      if (!end.payload.error.message?.trim()) fail('the failure carries no message for the person');
    }
    if (o.headVersion !== o.baseVersion) fail(`a failed turn committed: the head moved from ${o.baseVersion} to ${o.headVersion}`);
  } else {
    if (end.name !== 'turn:completed') fail(`expected turn:completed with what was not applied, got ${end.name}`);
    else {
      const p = end.payload;
      if (p.partial !== true) fail(`the turn must say it is partial (partial: ${String(p.partial)})`);
      const codes = codesOf(p);
      const missing = (want.refusedCodes ?? []).filter((code) => !codes.includes(code));
      if (missing.length) fail(`refused codes ${JSON.stringify(codes)} lack ${JSON.stringify(missing)}`);
      // Nothing in it claims success: what it lists as changed was not refused, and no change means no version.
      const refusedPaths = new Set((p.refused ?? []).map((r) => r.path));
      const claimed = (p.changes ?? []).filter((ch) => refusedPaths.has(ch.path));
      if (claimed.length) fail(`the turn lists refused paths as changed: ${claimed.map((ch) => ch.path).join(', ')}`);
      if (!(p.changes ?? []).length && p.version !== o.baseVersion) fail(`no changes, yet a new version ${p.version}`);
    }
  }

  const served = want.outcome === 'applied' && end.name === 'turn:completed' ? end.payload.version : o.baseVersion;
  if (o.preview.version !== served) fail(`the preview serves version ${String(o.preview.version)}, expected ${served}`);
  if (o.page.errors.length) fail(`page errors: ${o.page.errors.join(' | ')}`);
  if (o.page.rootEmpty) fail('the page is blank (#root is empty)');
  // Zero blank pages reported healthy.
  if (o.preview.status === 'ready' && o.page.rootEmpty) fail('the preview says ready, but the page is blank');
  for (const d of o.page.domFailures) fail(`page: ${d}`);
  return failures;
}
