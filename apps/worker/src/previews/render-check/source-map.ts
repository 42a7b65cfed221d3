import { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** Vite serves every transformed module with its source map inline, as the last line. */
const INLINE_MAP = /\/\/[#@] sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/;

/** The inline source map at the end of a served module, or null when it has none (or a broken one). */
export function inlineSourceMap(code: string): TraceMap | null {
  const match = INLINE_MAP.exec(code);
  if (!match) return null;
  try {
    return new TraceMap(Buffer.from(match[1], 'base64').toString('utf8'));
  } catch {
    return null;
  }
}

export interface Position {
  /** 1-based line and column, as editors and browsers count. */
  line: number;
  column: number;
}

/**
 * Where a position in the served module (1-based, as an error event or a stack frame gives it) was in the
 * source as written. The nearest mapped segment at or before the column wins; on a line whose first mapping
 * comes later (indentation the transform added), the first one after it.
 */
export function originalPosition(code: string, at: Position): Position | null {
  const map = inlineSourceMap(code);
  if (!map) return null;
  for (const bias of [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND] as const) {
    const found = originalPositionFor(map, { line: at.line, column: Math.max(0, at.column - 1), bias });
    if (found.line !== null) return { line: found.line, column: found.column + 1 };
  }
  return null;
}
