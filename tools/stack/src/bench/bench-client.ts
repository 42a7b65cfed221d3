import { randomInt } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';

/** A minimal client of the product for benchmarks: REST with its own address, Socket.IO, the model server's admin routes. */
export class BenchClient {
  private readonly ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  accessToken = '';

  constructor(readonly apiUrl: string) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': this.ip, ...(this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async signUp(tag: string): Promise<void> {
    const email = `${tag}-${randomInt(1e9)}@bench.test`;
    const r = await this.call<{ accessToken: string }>('POST', '/api/auth/register', { email, password: `pw-${randomInt(1e12)}-bench` });
    this.accessToken = r.accessToken;
  }

  async project(name: string): Promise<string> {
    return (await this.call<{ id: string }>('POST', '/api/projects', { name })).id;
  }

  socket(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const s = io(this.apiUrl, { auth: { token: this.accessToken }, transports: ['websocket'], reconnection: false, forceNew: true });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  }
}

export async function registerScenario(modelUrl: string, id: string, scenario: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${modelUrl}/_scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, scenario }) });
  if (res.status !== 201) throw new Error(`scenario ${id}: ${res.status}`);
  return `[[scenario:${id}]]`;
}

export async function scenarioRequests(modelUrl: string, id: string): Promise<{ receivedAt: number; lastByteAt?: number; stampAt?: number }[]> {
  return (await (await fetch(`${modelUrl}/_scenarios/${id}/requests`)).json()) as never;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export const wallNow = () => performance.timeOrigin + performance.now();

export const OUTCOMES = ['turn:completed', 'turn:failed', 'turn:cancelled'] as const;
