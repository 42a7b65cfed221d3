import type { AgentBatchBody, AgentEvent, AgentFilesAnswer, AgentHealth, AgentRefusal } from './agent-protocol.js';
import type { PreviewInstance } from './preview-runtime.js';

export interface FileBatch {
  /** The version the batch makes the preview serve; null for a turn's speculative changes. */
  version: number | null;
  /** Make the working copy exactly `writes` (a full sync to a version). */
  replace?: boolean;
  writes: { path: string; data: Buffer }[];
  deletes?: string[];
  renames?: { from: string; path: string }[];
}

/** Where the agent of an instance answers, and its bearer token. */
export type AgentAddress = Pick<PreviewInstance, 'host' | 'agentPort' | 'token'>;

/** What the worker asks of one preview's agent. */
export interface PreviewAgentClient {
  health(timeoutMs?: number): Promise<AgentHealth>;
  sync(batch: FileBatch, timeoutMs?: number): Promise<{ state: string; version: number | null }>;
  events(signal: AbortSignal, after?: number): AsyncGenerator<AgentEvent>;
  waitUntilUp(timeoutMs: number): Promise<void>;
}

/** Makes the client of an instance's agent; the apps inject one (tests give a fake), never `new` a PreviewAgent. */
export type AgentConnector = (instance: AgentAddress) => PreviewAgentClient;

/** The worker's side of the preview agent's control API (docker/preview/agent/main.mjs). */
export class PreviewAgent implements PreviewAgentClient {
  private readonly base: string;
  private readonly auth: string;

  constructor(instance: AgentAddress) {
    this.base = `http://${instance.host}:${instance.agentPort}`;
    this.auth = `Bearer ${instance.token}`;
  }

  async health(timeoutMs = 2000): Promise<AgentHealth> {
    const res = await fetch(`${this.base}/health`, { headers: { authorization: this.auth }, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`agent /health answered ${res.status}`);
    return (await res.json()) as AgentHealth;
  }

  /** Sends one batch; resolves once the files are written and Vite was told (or started, on the first). */
  async sync(batch: FileBatch, timeoutMs = 60_000): Promise<{ state: string; version: number | null }> {
    const wire: AgentBatchBody = {
      version: batch.version,
      replace: batch.replace ?? false,
      writes: batch.writes.map((w) => ({ path: w.path, data: w.data.toString('base64') })),
      deletes: batch.deletes ?? [],
      renames: batch.renames ?? [],
    };
    const body = JSON.stringify(wire);
    const res = await fetch(`${this.base}/files`, {
      method: 'PUT',
      headers: { authorization: this.auth, 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // An agent that died mid-answer sends no JSON: the status alone decides then.
    const answer = (await res.json().catch(() => ({}))) as Partial<AgentFilesAnswer & AgentRefusal>;
    if (!res.ok) throw new Error(`agent refused the batch (${res.status}): ${answer.error ?? 'no reason'}`);
    return { state: answer.state ?? 'unknown', version: answer.version ?? null };
  }

  /** The agent's event stream (kept errors after `after` first) until `signal` aborts or the agent goes away. */
  async *events(signal: AbortSignal, after = 0): AsyncGenerator<AgentEvent> {
    const res = await fetch(`${this.base}/events?after=${after}`, { headers: { authorization: this.auth }, signal });
    if (!res.ok || !res.body) throw new Error(`agent /events answered ${res.status}`);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim()) yield JSON.parse(line) as AgentEvent;
      }
    }
  }

  /** Polls /health until the agent answers: its HTTP server is the first thing the process starts. */
  async waitUntilUp(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        await this.health(1000);
        return;
      } catch (err) {
        last = err;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    throw new Error(`the preview agent did not answer within ${timeoutMs} ms (${String((last as Error)?.cause ?? last)})`);
  }
}

export const connectAgent: AgentConnector = (instance) => new PreviewAgent(instance);
