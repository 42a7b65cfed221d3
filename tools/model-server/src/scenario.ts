import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One way a request can fail, for testing retries and fallbacks. */
export type Failure =
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Stream this many characters of the reply, then drop the connection. */
  | { kind: 'cut'; afterChars: number };

/** One scripted reply. */
export interface ReplyStep {
  reply: string;
  /** Characters per streamed chunk (default 16). */
  chunkChars?: number;
  /** Pause between chunks, so the model's own time is known and can be subtracted (default 0). */
  chunkDelayMs?: number;
  /**
   * What the reply's usage reports. Without `input`, the server counts the prompt and its prompt cache says what
   * is cached (README "Usage and the prompt cache"); with it, exactly these figures (cached: 0 unless given).
   */
  usage?: { input?: number; output?: number; cached?: number };
  /** Record when the chunk that completes the first occurrence of this text was written (`stampAt`): B2 times from a `</code>`. */
  stamp?: string;
  finish?: 'stop' | 'length';
}

/**
 * A scripted conversation, chosen by the request's model name or by a `[[scenario:<id>]]` marker in the
 * person's message. `failures` are used up in order by successive requests for the scenario (the first
 * request gets failures[0], ...); after them, requests succeed: the first with this reply, the next ones with
 * `then[0]`, `then[1]`... (the last repeats), so a cut reply's continuation or a repair round can be scripted.
 */
export interface Scenario extends ReplyStep {
  failures?: Failure[];
  /**
   * Credentials (Authorization bearer or x-api-key) this scenario refuses with 401 and the provider's own error
   * body, quoting the key partly as OpenAI does (a person's own key that its provider no longer accepts).
   */
  refuseKeys?: string[];
  then?: ReplyStep[];
}

/** The marker a message carries to pick a scenario registered at run time. */
export const scenarioMarker = (id: string) => `[[scenario:${id}]]`;

/** Every `<id>.json` in a folder, by id. */
export function loadScenarios(dir: string): Record<string, Scenario> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario]),
  );
}
