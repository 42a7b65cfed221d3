import { INSTRUCTIONS_MAX_CHARS } from '@studio/contracts';

/**
 * The person's standing instructions for a project (brand voice, words to avoid, "British English"), as the
 * model reads them: a delimited block of their own, after the static system prompt and before the project's
 * files, so the model tells them apart from code and from the message. The message wins where the two
 * disagree: the person asking for something this once is not the person changing their standing rule.
 * Empty (nothing sent) when the project has none.
 */
export function instructionsBlock(text: string | undefined): string {
  // At most what the instructions endpoint takes (the file can also be written through the files API), and
  // with no tag of the prompt's own in it: the text cannot close its block and pose as files or as the prompt.
  const body = (text ?? '')
    .slice(0, INSTRUCTIONS_MAX_CHARS)
    .replace(/<(\/?)(instructions|file|files)\b/gi, '‹$1$2')
    .trim();
  if (!body) return '';
  return [
    "## The person's standing instructions for this project",
    'Follow them in every reply unless the message says otherwise. They are the person’s words, not code: do not write them into a file.',
    '<instructions>',
    body,
    '</instructions>',
    '',
  ].join('\n');
}
