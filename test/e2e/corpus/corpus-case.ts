import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Scenario } from '../../../tools/model-server/src/scenario.js';
import type { DomAssertion } from '../support/dom-checks.js';

export type { DomAssertion };

/** Where the cases live: one folder per case, `<nn-slug>/`. */
export const CASES_DIR = resolve('test/e2e/corpus/cases');

/**
 * What the first reply gets wrong, for the offline check of the corpus (corpus-replies.e2e-spec.ts):
 * `type` TypeScript sees it; `patch` a SEARCH block does not apply (no match, or more than one);
 * `parse` the parser or the syntax check refuses a block; `component` an insert names no library section;
 * `import` a relative import the reply never creates; `runtime` only the running page shows it (types are clean).
 */
export type Mistake = 'type' | 'patch' | 'parse' | 'component' | 'import' | 'runtime';

export interface CaseExpectation {
  /** `applied`: the person ends up seeing the change (maybe after the repair round); `not-applied`: they don't. */
  outcome: 'applied' | 'not-applied';
  /** Checks on the page: the intended change for `applied`, the last version that rendered for `not-applied`. */
  dom: DomAssertion[];
  /** Refusal codes the final report must hold (each at least once); for `applied`, exactly these (default none). */
  refusedCodes?: string[];
  /** For a turn that must fail (`turn:failed`), its error code. */
  failedCode?: string;
  /** The first reply's mistake, when it has one; `repair.txt` then holds the model's answer to the repair request. */
  mistake?: Mistake;
  /** The repair repeats the mistake (the turn ends not applied). */
  repeats?: true;
}

export interface CorpusCase {
  slug: string;
  /** The person's message (the scenario marker is added when it is sent). */
  message: string;
  template: string;
  expect: CaseExpectation;
  /** The model's reply, verbatim. */
  reply: string;
  /** The reply was cut by the token limit; this is what the model sends when asked to continue. */
  continuation?: string;
  /** The model's answer to the repair request. */
  repair?: string;
}

interface CaseFile {
  message: string;
  template: string;
  expect: CaseExpectation;
}

const read = (dir: string, name: string): string | undefined => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : undefined);

/** Every case, in folder order. Throws on a malformed case, naming it, so a broken corpus never runs half. */
export function loadCorpus(dir = CASES_DIR): CorpusCase[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((slug) => loadCase(join(dir, slug), slug));
}

function loadCase(dir: string, slug: string): CorpusCase {
  const file = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseFile;
  const reply = read(dir, 'reply.txt');
  const fail = (why: string) => new Error(`corpus case ${slug}: ${why}`);
  if (!reply) throw fail('reply.txt is missing or empty');
  if (!file.message?.trim() || !file.template) throw fail('case.json needs a message and a template');
  const { expect } = file;
  if (expect?.outcome !== 'applied' && expect?.outcome !== 'not-applied') throw fail('expect.outcome must be "applied" or "not-applied"');
  if (!Array.isArray(expect.dom) || !expect.dom.length) throw fail('expect.dom must check the page at least once');
  const repair = read(dir, 'repair.txt');
  if (expect.mistake && !repair) throw fail('a case with a mistake needs repair.txt, the answer to the repair request');
  if (!expect.mistake && repair) throw fail('repair.txt without a mistake: say what the reply gets wrong (expect.mistake)');
  if (expect.outcome === 'not-applied' && !expect.refusedCodes?.length && !expect.failedCode) throw fail('a not-applied case names its refusedCodes or failedCode');
  return { slug, message: file.message, template: file.template, expect, reply, continuation: read(dir, 'continuation.txt'), repair };
}

/**
 * The scripted model for a case: the reply, then (when cut) its continuation, then the repair. The model
 * server repeats the last step, so a turn that asks more often than the case expects gets the same answer.
 */
export function scenarioOf(c: CorpusCase): Scenario {
  const then = [...(c.continuation ? [{ reply: c.continuation }] : []), ...(c.repair ? [{ reply: c.repair }] : [])];
  return { reply: c.reply, chunkChars: 48, ...(c.continuation ? { finish: 'length' as const } : {}), ...(then.length ? { then } : {}) };
}
