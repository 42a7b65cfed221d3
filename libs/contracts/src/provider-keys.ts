import { z } from 'zod';
import { isStorableText, text, UNSTORABLE_TEXT_MESSAGE } from './text.js';

/**
 * Bring your own key (docs/API.md "Your own model keys"): a person's OpenAI, Anthropic or OpenAI-compatible key.
 * Their turns then use it and do not count against the operator's budget. The key is sealed at rest
 * (AES-256-GCM under SECRETS_KEY), never returned, never logged; only its last four characters are shown.
 */
export const PROVIDER_KEY_KINDS = ['openai', 'anthropic', 'openai-compatible'] as const;
export type ProviderKeyKind = (typeof PROVIDER_KEY_KINDS)[number];

/** A model name as providers spell them: `gpt-4o-mini`, `claude-sonnet-4-5`, `meta-llama/Llama-3.1-8B`. */
const modelName = text()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:/@-]+$/, { message: 'must be a model name (letters, digits, . _ : / @ -)' });

/**
 * `PUT /api/provider-keys/:provider`: adds or replaces the person's key for one provider. `baseUrl` is required
 * for `openai-compatible` and optional otherwise (a proxy in front of the provider); it must be https, or http to
 * an address WEBHOOK_ALLOWED_CIDRS allows, and passes the same address policy as webhooks. `model` is the model
 * the person's turns use with this key (required for `openai-compatible`; otherwise the configured route's model
 * for that provider).
 */
export const providerKeyBodySchema = z
  .object({
    apiKey: text()
      .trim()
      .min(8, { message: 'must be at least 8 characters' })
      .max(500)
      .regex(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' }),
    baseUrl: z.url({ message: 'must be a URL' }).max(500).refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE }).optional(),
    model: modelName.optional(),
    label: text().trim().max(60).optional(),
  })
  .strict();
export type ProviderKeyBody = z.infer<typeof providerKeyBodySchema>;

/** A stored key as the API shows it: never the key itself. */
export interface ProviderKeyView {
  provider: ProviderKeyKind;
  label: string | null;
  /** `…abcd`: the key's last four characters. */
  hint: string;
  baseUrl: string | null;
  model: string | null;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  /** The provider's reason the last time the key failed (401, quota...), masked; cleared by a call that works. */
  lastError: { message: string; at: string } | null;
}
