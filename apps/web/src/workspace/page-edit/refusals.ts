import type { ErrorCode } from '@studio/contracts';

/** What a person is told when an edit on the page is refused, by the API's code (docs/API.md "Edits on the page"). */
const TEXT: Readonly<Record<string, string>> = {
  VERSION_CONFLICT: 'The page changed since you started editing (a new version was made meanwhile). Nothing was saved; your text is kept here.',
  EDIT_NOT_EDITABLE: 'This text is made by the page’s code (computed, not written as it shows), so it cannot be changed here safely. Ask for it in the chat, or change it in the code.',
  EDIT_AMBIGUOUS: 'This text is written more than once where it comes from, so it is not clear which one to change. Ask for it in the chat, or change it in the code.',
  EDIT_LOCATION_STALE: 'The page’s source no longer has this text where you edited it (it changed meanwhile). Reload the preview and try again.',
} satisfies Partial<Record<ErrorCode, string>>;

/** The sentence for a refusal: the code's own, or the API's message for a code without one (and for EDIT_VALUE_REFUSED, which says what is wrong). */
export function refusalText(code: string, message: string): string {
  if (code === 'EDIT_VALUE_REFUSED') return `This cannot be saved: ${message}`;
  return Object.hasOwn(TEXT, code) ? TEXT[code] : message;
}

/** Whether the refusal can be answered by sending the same change again onto the newest version. */
export const canApplyToLatest = (code: string): boolean => code === 'VERSION_CONFLICT';
