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

/** What the agent reports: Vite's messages to the page, and the page's own runtime errors. */
/** Every event but `hello` carries the agent's running `seq` and the version the preview served then. */
export type AgentEvent = ({ seq: number; version: number | null } & (
  | { type: 'hello'; state: string; at: number }
  | { type: 'ready'; version: number | null; at: number }
  | { type: 'update'; paths: string[]; at: number }
  | { type: 'full-reload'; path?: string; at: number }
  | { type: 'error'; message: string; file?: string; line?: number; frame?: string; at: number }
  | { type: 'runtime-error'; message: string; file?: string; line?: number; kind?: string; at: number }
));

export interface AgentHealth {
  state: 'idle' | 'starting' | 'ready' | 'error';
  version: number | null;
  error?: string;
}

/** The worker's side of the preview agent's control API (docker/preview/agent/main.mjs). */
export class PreviewAgent {
  private readonly base: string;
  private readonly auth: string;

  constructor(instance: Pick<PreviewInstance, 'host' | 'agentPort' | 'token'>) {
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
    const body = JSON.stringify({
      version: batch.version,
      replace: batch.replace ?? false,
      writes: batch.writes.map((w) => ({ path: w.path, data: w.data.toString('base64') })),
      deletes: batch.deletes ?? [],
      renames: batch.renames ?? [],
    });
    const res = await fetch(`${this.base}/files`, {
      method: 'PUT',
      headers: { authorization: this.auth, 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = (await res.json().catch(() => ({}))) as { state?: string; version?: number | null; error?: string };
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
