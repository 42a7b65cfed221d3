import { ASSET_DIR, ASSET_URL_PREFIX, INSTRUCTIONS_PATH, type RefusedChangeView, type RenderCheckView, type TurnWarningView } from '@studio/contracts';
import { resolveRelativeImport } from '@studio/imports';
import { MAX_LISTED_ASSETS } from '@studio/llm';
import { analyzeSource, type WorkingTree } from '@studio/validation';

/** Sent after a reply that stopped at the token limit (or was cut): the model goes on from the exact point. */
export const CONTINUE_PROMPT = 'Your reply was cut off. Continue it exactly where it stopped, with the very next characters: do not repeat anything, do not start over, do not add commentary.';

/** At most this many files are shown whole in a repair request (the refused ones first). */
const MAX_REPAIR_FILES = 12;

export interface RepairInput {
  refused: RefusedChangeView[];
  /** The platform's load of the page with the reply's changes, when it failed. */
  render?: RenderCheckView | null;
  /** Warnings the model should fix while it is at it (theme colours, placeholder copy). */
  warnings: TurnWarningView[];
  /** Paths the reply inserted from the library: shown whole, so their props are known. */
  inserted: string[];
  tree: WorkingTree;
}

/**
 * The one repair round's request: the exact errors, the project's file tree, and whole only the files that
 * matter (the refused ones, the files they import or are imported by, what the reply inserted, where the page
 * failed), never the whole project again; it follows the reply in the same conversation, after the same static
 * system prompt, so the provider's prompt cache serves that part.
 */
export function repairPrompt(input: RepairInput): string {
  const { refused, render, warnings, tree } = input;
  const lines: string[] = [];
  if (refused.length) {
    lines.push('Some of your changes were refused, so they were not applied:');
    for (const r of refused) lines.push(`- ${r.path} (${r.action}): ${r.code}: ${r.message}${r.causedBy ? ` [knocked out by ${r.causedBy}]` : ''}`);
  }
  if (render?.status === 'failed' && render.error) {
    const e = render.error;
    const where = e.file ? ` at ${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}` : '';
    lines.push('', `The page does not render with your changes (${e.kind}${where}): ${e.message}`);
  }
  if (warnings.length) {
    lines.push('', 'Also fix these while you are at it:');
    for (const w of warnings.slice(0, 20)) lines.push(`- ${w.path}${w.line ? `:${w.line}` : ''}: ${w.code}: ${w.message}`);
  }
  const shown = filesToShow(input);
  // As in the turn's context: the person's instructions are not a file the model is offered to edit.
  const paths = tree.paths().filter((p) => p !== INSTRUCTIONS_PATH);
  lines.push('', `## Project files\n${paths.sort().join('\n')}`);
  // A refused asset path: the model needs the real ones in front of it to pick one (or to draw instead).
  if (refused.some((r) => r.code === 'ASSET_NOT_FOUND')) lines.push('', assetsBlock(tree));
  lines.push('', 'The files as they are now (with your other changes applied):');
  for (const p of shown) {
    const text = tree.text(p);
    lines.push(text === undefined ? `${p} does not exist yet.` : `<file path="${p}">\n${text.endsWith('\n') ? text : `${text}\n`}</file>`);
  }
  lines.push('', 'Reply in the same format with corrected <code> blocks for the files that need it (prefer writing the whole file). Keep <response> to one sentence.');
  return lines.join('\n');
}

/** The refused files, the render error's file, what the reply inserted, then their relative imports and importers. */
function filesToShow({ refused, render, inserted, tree }: RepairInput): string[] {
  const first = [...refused.map((r) => r.path), ...(render?.error?.file ? [render.error.file] : []), ...inserted];
  const shown = new Set(first);
  const touched = new Set<string>();
  for (const p of shown) {
    const text = tree.text(p);
    if (text === undefined) continue;
    for (const ref of analyzeSource(p, text).imports) {
      const target = resolveRelativeImport(p, ref.specifier, tree.has);
      if (target && /\.[jt]sx?$/.test(target)) touched.add(target);
    }
  }
  for (const importer of tree.paths()) {
    if (shown.has(importer) || !/\.[jt]sx?$/.test(importer)) continue;
    const imports = analyzeSource(importer, tree.text(importer)!).imports;
    if (imports.some((ref) => shown.has(resolveRelativeImport(importer, ref.specifier, tree.has) ?? ''))) touched.add(importer);
  }
  return [...shown, ...[...touched].filter((p) => !shown.has(p)).sort()].slice(0, MAX_REPAIR_FILES);
}

/** The assets the tree holds, as pages write them (`/assets/logo.png`), capped like the context's list. */
function assetsBlock(tree: WorkingTree): string {
  const urls = tree
    .paths()
    .filter((p) => p.startsWith(ASSET_DIR))
    .sort()
    .map((p) => `${ASSET_URL_PREFIX}${p.slice(ASSET_DIR.length)}`);
  if (!urls.length) return '## Project assets\nNone: the project has no images. Draw with CSS, inline SVG or icons instead.';
  const more = urls.length > MAX_LISTED_ASSETS ? `\n- and ${urls.length - MAX_LISTED_ASSETS} more` : '';
  return `## Project assets (use only these paths)\n${urls
    .slice(0, MAX_LISTED_ASSETS)
    .map((u) => `- ${u}`)
    .join('\n')}${more}`;
}
