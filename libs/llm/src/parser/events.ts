import type { ErrorCode, PathErrorCode } from '@studio/contracts';

/** What the reply parser emits (docs/OUTPUT_FORMAT.md "Streaming"), in order. */

export interface SearchReplace {
  search: string;
  replace: string;
}

export type ParsedChange =
  | { action: 'write'; path: string; content: string }
  | { action: 'patch'; path: string; blocks: SearchReplace[] }
  | { action: 'delete'; path: string }
  | { action: 'rename'; path: string; to: string }
  | { action: 'insert'; path: string; component: string };

/**
 * Why the parser refused a block, a subset of the one error list:
 * CODE_BLOCK_TRUNCATED: the reply ended inside a block, which is not applied;
 * CODE_BLOCK_UNCLOSED: a new file block began before this one was closed;
 * PATCH_MALFORMED: a patch without well-formed SEARCH/REPLACE blocks;
 * EMPTY_CODE_BLOCK: a write or patch with no body (`<code path="x"/>`);
 * and the path rules' codes (PATH_TRAVERSAL, ...) from the `checkPath` the caller plugs in.
 */
export type ParserErrorCode =
  | Extract<
      ErrorCode,
      'CODE_BLOCK_TRUNCATED' | 'CODE_BLOCK_UNCLOSED' | 'UNKNOWN_ACTION' | 'RENAME_WITHOUT_TO' | 'INSERT_WITHOUT_COMPONENT' | 'PATCH_MALFORMED' | 'EMPTY_CODE_BLOCK' | 'CONTENT_TOO_LARGE'
    >
  | PathErrorCode;

export type ParserEvent =
  | { type: 'text'; text: string }
  | { type: 'change'; change: ParsedChange }
  | { type: 'error'; code: ParserErrorCode; message: string; path?: string }
  | { type: 'end'; truncated: boolean };
