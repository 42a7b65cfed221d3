import { createHmac } from 'node:crypto';

/**
 * The `x-studio-signature` header: `sha256=` and the hex HMAC-SHA256, keyed by the webhook's secret, of
 * `${timestamp}.${body}`. Signing the timestamp with the body lets a receiver refuse a replayed delivery
 * (one whose timestamp is old) without trusting an unsigned header.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
