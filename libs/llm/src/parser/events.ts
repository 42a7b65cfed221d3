/** What the reply parser emits (OUTPUT_FORMAT.md "Streaming"), in order. */

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

export type ParserErrorCode =
  /** The reply ended inside a block: the block is not applied. */
  | 'CODE_BLOCK_TRUNCATED'
  /** A new file block began before this one was closed. */
  | 'CODE_BLOCK_UNCLOSED'
  | 'UNKNOWN_ACTION'
  | 'RENAME_WITHOUT_TO'
  | 'INSERT_WITHOUT_COMPONENT'
  /** A patch without well-formed SEARCH/REPLACE blocks. */
  | 'PATCH_MALFORMED'
  /** A write or patch with no body (`<code path="x"/>`). */
  | 'EMPTY_CODE_BLOCK'
  | 'CONTENT_TOO_LARGE'
  /** Codes from the path rules the caller plugs in (PATH_TRAVERSAL, ...). */
  | (string & {});

export type ParserEvent =
  | { type: 'text'; text: string }
  | { type: 'change'; change: ParsedChange }
  | { type: 'error'; code: ParserErrorCode; message: string; path?: string }
  | { type: 'end'; truncated: boolean };
