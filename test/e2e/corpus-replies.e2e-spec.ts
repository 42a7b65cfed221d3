import { resolve } from 'node:path';
import { type Catalog, loadCatalog } from '@studio/catalog';
import { ReplyParser } from '@studio/llm';
import { type CorpusCase, loadCorpus, type Mistake } from './corpus/corpus-case.js';
import { type Applied, acceptedPart, applyReply } from './corpus/offline/reply-applier.js';
import { formatDiagnostic, ProjectTypeChecker, type TypeDiagnostic } from './corpus/offline/type-checker.js';

/**
 * The corpus is what it says it is, checked without the stack (corpus.e2e-spec.ts runs it for real): each
 * reply goes through the platform's own parser and patcher onto its template; a clean reply applies and
 * type-checks; a reply with a mistake really has it; a repair fixes it (or, for a case whose repair repeats
 * the mistake, has it again); and the text the page must show is in the result or in what the model wrote. So a template change
 * that makes a SEARCH block drift, or a typo in a case, shows here first, with the reason.
 */
const cases = loadCorpus();
let catalog: Catalog;
const checker = new ProjectTypeChecker();
afterAll(() => checker.dispose());

beforeAll(async () => {
  catalog = await loadCatalog(resolve('templates'));
});

function templateFiles(id: string): Map<string, string> {
  const template = catalog.templates.get(id);
  if (!template) throw new Error(`no template ${id}`);
  return new Map(template.files.filter((f) => !f.path.endsWith('.png')).map((f) => [f.path, Buffer.from(f.content).toString('utf8')]));
}

const section = (id: string) => catalog.library.source(id);

/** Whether a reply, applied and checked, shows the given kind of mistake (and none where it should be clean). */
function mistakeSeen(kind: Mistake, applied: Applied, diagnostics: TypeDiagnostic[]): boolean {
  const codes = new Set(applied.problems.map((p) => p.code));
  switch (kind) {
    case 'type':
      return codes.size === 0 && diagnostics.some((d) => d.code >= 2000);
    case 'patch':
      return codes.has('PATCH_NO_MATCH') || codes.has('PATCH_AMBIGUOUS');
    case 'parse':
      return codes.size > 0 || diagnostics.some((d) => d.code < 2000);
    case 'component':
      return codes.has('COMPONENT_NOT_FOUND');
    case 'import':
      return diagnostics.some((d) => d.code === 2307);
    case 'runtime':
      return codes.size === 0 && diagnostics.length === 0;
  }
}

const describeState = (applied: Applied, diagnostics: TypeDiagnostic[]) => [...applied.problems.map((p) => `${p.path}: ${p.code} ${p.message}`), ...diagnostics.map(formatDiagnostic)];
const collapse = (s: string) => s.replace(/\s+/g, ' ');

describe('the reply corpus, offline', () => {
  it('has at least 32 cases, mixing clean replies, repaired mistakes and repeated ones', () => {
    expect(cases.length).toBeGreaterThanOrEqual(32);
    const clean = cases.filter((c) => !c.expect.mistake).length;
    const repaired = cases.filter((c) => c.expect.mistake && c.expect.outcome === 'applied').length;
    const repeated = cases.filter((c) => c.expect.repeats).length;
    expect(clean).toBeGreaterThan(cases.length / 2);
    expect(repaired).toBeGreaterThanOrEqual(8);
    expect(repeated).toBeGreaterThanOrEqual(3);
  });

  it.each(cases.map((c) => [c.slug, c] as const))('%s', (_slug, c: CorpusCase) => {
    const base = templateFiles(c.template);
    const first = applyReply(base, c.reply + (c.continuation ?? ''), section);
    const d1 = checker.check(first.files);
    if (c.continuation) {
      // Cut mid-block: on its own the reply leaves a block unfinished.
      expect(ReplyParser.parse(c.reply).some((e) => e.type === 'error' && e.code === 'CODE_BLOCK_TRUNCATED')).toBe(true);
    }
    let final = first.files;
    if (!c.expect.mistake) {
      expect(describeState(first, d1)).toEqual([]);
      expect(first.touched.size).toBeGreaterThan(0);
    } else {
      expect({ mistake: c.expect.mistake, seen: mistakeSeen(c.expect.mistake, first, d1), state: describeState(first, d1) }).toMatchObject({ seen: true });
      const second = applyReply(acceptedPart(base, first, d1), c.repair!, section);
      const d2 = checker.check(second.files);
      if (c.expect.repeats) {
        expect({ seen: mistakeSeen(c.expect.mistake, second, d2), state: describeState(second, d2) }).toMatchObject({ seen: true });
        final = base;
      } else {
        expect(describeState(second, d2)).toEqual([]);
        final = second.files;
      }
    }
    if (c.expect.outcome === 'not-applied') final = base;
    // The text the page must show is in the project or in what the model wrote (a typo in case.json fails here,
    // not in a browser; text a component computes, like a formatted price, is named in the model's response).
    const everything = collapse([...final.values(), c.reply, c.continuation ?? '', c.repair ?? ''].join('\n'));
    const texts = c.expect.dom.flatMap((a) => (a.text && !a.absent ? [a.text] : []));
    expect(texts.filter((t) => !everything.includes(collapse(t)))).toEqual([]);
  });
});
