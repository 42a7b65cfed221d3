import type { ParserEvent } from '../events.js';

/** Consecutive text events merged: how text is split across events depends on chunking, what it says does not. */
export function mergedText(events: ParserEvent[]): ParserEvent[] {
  const out: ParserEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', text: last.text + e.text };
    else out.push(e);
  }
  return out;
}
