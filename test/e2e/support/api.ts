import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';

/** The API under test, started by `./studio test` (the built process, against real services). */
export const API_URL = (() => {
  const url = process.env.API_URL;
  if (!url) throw new Error('API_URL is not set: run the end-to-end tests through `./studio test`.');
  return url;
})();

/**
 * JSON as the API, the scripted model, a webhook or a socket sent it, read by the assertions that follow: an
 * end-to-end test checks the wire format itself, so its expectations are its types. The tree's one `any`.
 */
// oxlint-disable-next-line typescript/no-explicit-any
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A client of the API. Each one presents its own address (X-Forwarded-For; the test stack trusts one
 * proxy hop), so per-IP sign-in limits count each test separately, as they would real people.
 */
export class Client {
  readonly ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  constructor(
    public token?: string,
    readonly baseUrl = API_URL,
  ) {}

  async request<T = Json>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'x-forwarded-for': this.ip,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = Json>(path: string) => this.request<T>('GET', path);
  post = <T = Json>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  patch = <T = Json>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  delete = <T = Json>(path: string) => this.request<T>('DELETE', path);
}

export const uniqueEmail = (tag = 'user') => `${tag}-${randomUUID().slice(0, 8)}@example.test`;
export const strongPassword = () => `pw-${randomBytes(9).toString('base64url')}`;

export interface SignedUp {
  client: Client;
  email: string;
  password: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
}

/** A fresh user, signed up and holding its tokens. */
export async function signUp(tag = 'user', baseUrl = API_URL): Promise<SignedUp> {
  const client = new Client(undefined, baseUrl);
  const email = uniqueEmail(tag);
  const password = strongPassword();
  const res = await client.post('/api/auth/register', { email, password });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  client.token = res.body.accessToken;
  return { client, email, password, userId: res.body.user.id, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

/** Connects a Socket.IO client; resolves with the socket, or rejects with the connect_error message. */
export function connectSocket(token: string | undefined, baseUrl = API_URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(baseUrl, { auth: token === undefined ? {} : { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** The handshake's verdict for a token: 'connected' or the connect_error message. */
export async function handshake(token: string | undefined): Promise<string> {
  try {
    const socket = await connectSocket(token);
    socket.close();
    return 'connected';
  } catch (err) {
    return (err as Error).message;
  }
}

export function emitWithAck<T = Json>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<T>;
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. For effects of background jobs. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
