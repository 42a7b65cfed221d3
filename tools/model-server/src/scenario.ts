import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One way a request can fail, for testing retries and fallbacks. */
export type Failure =
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Stream this many characters of the reply, then drop the connection. */
  | { kind: 'cut'; afterChars: number };

/**
 * A scripted reply, chosen by the request's model name. `failures` are used up in order by successive
 * requests for the scenario (the first request gets failures[0], ...); after them, requests succeed.
 */
export interface Scenario {
  reply: string;
  /** Characters per streamed chunk (default 16). */
  chunkChars?: number;
  /** Pause between chunks, so the model's own time is known and can be subtracted (default 0). */
  chunkDelayMs?: number;
  usage?: { input?: number; output?: number; cached?: number };
  finish?: 'stop' | 'length';
  failures?: Failure[];
}

/** Every `<id>.json` in a folder, by id. */
export function loadScenarios(dir: string): Record<string, Scenario> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario]),
  );
}
