import type { RefusedChangeView } from '@studio/contracts';
import type { WorkingTree } from './working-tree.js';

/** Sent after a reply that stopped at the token limit (or was cut): the model goes on from the exact point. */
export const CONTINUE_PROMPT =
  'Your reply was cut off. Continue it exactly where it stopped, with the very next characters: do not repeat anything, do not start over, do not add commentary.';

/**
 * The one repair round: the exact errors and each file as it currently is, and a request for corrected
 * `<code>` blocks only for those files.
 */
export function repairPrompt(refused: RefusedChangeView[], tree: WorkingTree): string {
  const errors = refused.map((r) => `- ${r.path}: ${r.code}: ${r.message}`).join('\n');
  const paths = [...new Set(refused.map((r) => r.path))];
  const files = paths
    .map((p) => {
      const text = tree.text(p);
      return text === undefined ? `${p} does not exist yet.` : `<file path="${p}">\n${text.endsWith('\n') ? text : `${text}\n`}</file>`;
    })
    .join('\n\n');
  return [
    'Some of your changes were refused, so they were not applied:',
    errors,
    '',
    'The files as they are now (with your other changes applied):',
    files,
    '',
    'Reply in the same format with corrected <code> blocks for these files only (prefer writing the whole file). Keep <response> to one sentence.',
  ].join('\n');
}
