import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { eventually, type Json } from './api.js';

export interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: string;
  json: Json;
  /** The status the receiver answered with. */
  answered: number;
}

/**
 * A webhook receiver on 127.0.0.1 (which the test stack allows: WEBHOOK_ALLOWED_CIDRS), recording every
 * request. A path answers 200 unless told to answer other statuses first.
 */
export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  private readonly plans = new Map<string, number[]>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static start(): Promise<WebhookReceiver> {
    return new Promise((resolve, reject) => {
      let receiver: WebhookReceiver;
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const path = req.url ?? '/';
          const answered = receiver.plans.get(path)?.shift() ?? 200;
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          receiver.deliveries.push({ path, headers: req.headers, body, json, answered });
          res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'not now');
        });
      });
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        receiver = new WebhookReceiver(server, (server.address() as { port: number }).port);
        resolve(receiver);
      });
    });
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next requests to `path` get these statuses, in order; 200 after them. */
  answer(path: string, statuses: number[]) {
    this.plans.set(path, [...statuses]);
  }

  at(path: string): Delivery[] {
    return this.deliveries.filter((d) => d.path === path);
  }

  /** Waits for a delivery matching `pred`. */
  waitFor(pred: (d: Delivery) => boolean, timeoutMs = 20_000, what = 'a delivery'): Promise<Delivery> {
    return eventually(async () => this.deliveries.find(pred), timeoutMs, what);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Checks a delivery's signature as a receiver would, written from the documented recipe (not the worker's
 * code): `sha256=` + hex HMAC-SHA256(secret, `${timestamp}.${body}`), with a timestamp close to now.
 */
export function verifySignature(d: Delivery, secret: string, toleranceSeconds = 300): boolean {
  const timestamp = String(d.headers['x-studio-timestamp'] ?? '');
  const given = String(d.headers['x-studio-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${d.body}`).digest('hex')}`);
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
