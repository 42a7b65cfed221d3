import { z } from 'zod';
import { WEBHOOK_EVENTS } from './queues.js';
import { text } from './text.js';

export const createWebhookBodySchema = z.object({
  url: text().trim().max(2000).url(),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1)
    .refine((e) => new Set(e).size === e.length, { message: 'must not repeat an event' }),
  /** Optional: when omitted, one is generated and returned once. At least 16 characters. */
  secret: text().min(16).max(200).optional(),
});
export type CreateWebhookBody = z.infer<typeof createWebhookBodySchema>;

export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
  /** Only in the answer to the create call. */
  secret?: string;
}

export interface WebhookDeliveryView {
  id: string;
  event: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: { at: string; status?: number; error?: string; durationMs: number }[];
  createdAt: string;
  deliveredAt?: string;
}

/** The headers every delivery carries: the signature is HMAC-SHA256(secret, `${timestamp}.${body}`) in hex. */
export const WEBHOOK_HEADERS = {
  event: 'x-studio-event',
  delivery: 'x-studio-delivery',
  timestamp: 'x-studio-timestamp',
  signature: 'x-studio-signature',
} as const;
