/**
 * The preview agent's control API (docker/preview/agent/main.mjs), typed once for both sides: the worker's
 * PreviewAgent client uses these types, and the agent, plain JavaScript in the image, names them in JSDoc
 * that `docker/preview/agent/tsconfig.json` type-checks (agent-protocol.spec.ts runs that check), so a change
 * on one side that the other does not follow fails the tests.
 *
 *   GET  /health          -> AgentHealth
 *   PUT  /files           AgentBatchBody -> AgentFilesAnswer (or AgentRefusal with a 4xx/5xx status)
 *   GET  /events?after=N  -> NDJSON, one AgentEvent a line: `hello` first, then the kept errors after seq N, then live events
 */

export type AgentState = 'idle' | 'starting' | 'ready' | 'error';

export interface AgentHealth {
  state: AgentState;
  version: number | null;
  error?: string;
  pid?: number;
}

/** One batch of file changes as it travels: file contents in base64. */
export interface AgentBatchBody {
  /** The version the batch makes the preview serve; null for a turn's speculative changes. */
  version: number | null;
  /** Make the working copy exactly `writes` (a full sync to a version). */
  replace: boolean;
  writes: { path: string; data: string }[];
  deletes: string[];
  renames: { from: string; path: string }[];
}

export interface AgentFilesAnswer {
  ok: true;
  state: AgentState;
  version: number | null;
  /** How many files actually changed (identical ones are left alone). */
  changed: number;
}

/** Any refused request: bad token, bad batch, unknown route. */
export interface AgentRefusal {
  error: string;
}

/** What the agent publishes: Vite's messages to the page, and the page's own runtime errors. */
export type AgentEventBody =
  | { type: 'ready'; version: number | null }
  | { type: 'update'; paths: string[] }
  | { type: 'full-reload'; path?: string }
  | { type: 'error'; message: string; file?: string; line?: number; frame?: string }
  | { type: 'runtime-error'; message: string; file?: string; line?: number; kind?: string };

/** Every event as sent: numbered (`seq`), with the version the preview served then and the time. */
export type AgentEvent = ({ seq: number; version: number | null; at: number } & AgentEventBody) | AgentHello;

/** The first line of every /events stream: where the agent is now. */
export interface AgentHello {
  type: 'hello';
  state: AgentState;
  version: number | null;
  seq: number;
  at: number;
}
