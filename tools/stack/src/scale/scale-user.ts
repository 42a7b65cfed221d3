import { randomInt } from 'node:crypto';
import { PROJECT_EVENT_NAMES } from '@studio/contracts';
import { io, type Socket } from 'socket.io-client';

export interface Seen {
  name: string;
  seq: number;
  turnId?: string;
  /** Wall-clock ms at this process (comparable with the scripted model's stamps on the same machine). */
  at: number;
  payload: Record<string, unknown>;
}

const OUTCOMES = new Set(['turn:completed', 'turn:failed', 'turn:cancelled']);
const wallNow = () => performance.timeOrigin + performance.now();

/**
 * One person of a scale-out run: an account, a project and one Socket.IO connection through the balancer, as
 * the web client keeps it: websocket only, reconnecting on its own, and joining again with `afterSeq` = the
 * last seq it saw, so it asks the API it lands on for what it missed. Every project event is kept by seq:
 * `duplicates` counts a seq delivered twice.
 */
export class ScaleUser {
  private readonly ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  token = '';
  projectId = '';
  socket?: Socket;
  readonly events = new Map<number, Seen>();
  duplicates = 0;
  /** Joins after the first one: each a reconnect that asked for what it missed with `afterSeq`. */
  rejoins = 0;
  private joins = 0;
  private lastSeq = 0;
  private waiters: (() => void)[] = [];

  constructor(readonly url: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': this.ip, ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Signs up, creates a project, connects and joins it (from seq 0, so the log is whole from the start). */
  async start(tag: string): Promise<void> {
    const email = `${tag}-${randomInt(1e9)}@scale.test`;
    this.token = (await this.call<{ accessToken: string }>('POST', '/api/auth/register', { email, password: `pw-${randomInt(1e12)}-scale` })).accessToken;
    this.projectId = (await this.call<{ id: string }>('POST', '/api/projects', { name: tag })).id;
    const socket = io(this.url, { auth: { token: this.token }, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 1000, timeout: 10_000 });
    this.socket = socket;
    for (const name of PROJECT_EVENT_NAMES) {
      socket.on(name, (payload: { projectId?: string; seq: number; turnId?: string }) => {
        if (payload?.projectId !== this.projectId) return;
        if (this.events.has(payload.seq)) this.duplicates++;
        else this.events.set(payload.seq, { name, seq: payload.seq, turnId: payload.turnId, at: wallNow(), payload });
        this.lastSeq = Math.max(this.lastSeq, payload.seq);
        for (const w of this.waiters.splice(0)) w();
      });
    }
    let joined!: () => void;
    const firstJoin = new Promise<void>((r) => (joined = r));
    // On every connect, the first and each reconnect through the balancer, possibly to another API.
    socket.on('connect', () => {
      socket
        .timeout(15_000)
        .emitWithAck('project:join', { projectId: this.projectId, afterSeq: this.lastSeq })
        .then((ack: { ok: boolean }) => {
          if (!ack.ok) return;
          if (this.joins++ > 0) this.rejoins++;
          joined();
        })
        // A join cut by a dying API is asked again on the next connect.
        .catch(() => undefined);
    });
    await firstJoin;
  }

  /** Sends a turn over the socket; resolves with its id. */
  async send(message: string): Promise<string> {
    const ack = await this.socket!.timeout(30_000).emitWithAck('chat:send', { projectId: this.projectId, message });
    if (!ack.ok) throw new Error(`chat:send refused: ${JSON.stringify(ack.error)}`);
    return ack.turnId as string;
  }

  outcome(turnId: string): Seen | undefined {
    for (const e of this.events.values()) if (e.turnId === turnId && OUTCOMES.has(e.name)) return e;
    return undefined;
  }

  /** Waits for the turn's outcome event (completed, failed or cancelled). */
  async waitForOutcome(turnId: string, timeoutMs: number): Promise<Seen> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.outcome(turnId);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no outcome for turn ${turnId} within ${timeoutMs / 1000} s`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The project's stored event log as the API serves it: a fresh socket joining with `afterSeq: 0`. */
  async storedLog(): Promise<number[]> {
    const socket = io(this.url, { auth: { token: this.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const seqs: number[] = [];
      for (const name of PROJECT_EVENT_NAMES) socket.on(name, (p: { projectId?: string; seq: number }) => p?.projectId === this.projectId && seqs.push(p.seq));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = await socket.timeout(15_000).emitWithAck('project:join', { projectId: this.projectId, afterSeq: 0 });
      if (!ack.ok || ack.truncated) throw new Error(`replay refused or truncated: ${JSON.stringify(ack)}`);
      // The replay is sent before the ack; its last seq is the project's latest.
      if (seqs.length && seqs.at(-1) !== ack.seq) throw new Error(`replay ended at ${seqs.at(-1)}, the project is at ${ack.seq}`);
      return seqs;
    } finally {
      socket.close();
    }
  }

  close(): void {
    this.socket?.close();
  }
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function inBatches<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}
