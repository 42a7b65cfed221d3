/*
 * For the turn pipeline's owner (usage ledger, issue 21): call `forTurn` once per turn and use its routers for
 * every call of the turn. When `billedTo` is 'own_key' and a call fails because of the key (`isKeyFailure(err)`),
 * call `keyFailed(keyId, describeFailure(err))` and fail the turn with PROVIDER_KEY_FAILED, its message and
 * details `{ provider, reason: describeFailure(err) }`; after a call that worked, `keyWorked(keyId)`. `forTurn`
 * itself throws a StudioError (PROVIDER_URL_REFUSED, PROVIDER_KEY_FAILED) when the person's key cannot be used
 * at all; it has already noted the reason on the key. A person with keys never falls back to the operator's.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { type ProviderKeyKind, StudioError, type UsageBilledTo } from '@studio/contracts';
import { type ProviderKeyEntity, ProviderKeysRepository } from '@studio/data';
import { createProviders, LlmError, type LlmProvider, LlmRouter, PriceTable, type Route } from '@studio/llm';
import { AddressPolicy, checkProviderBaseUrl, ENV, type GuardedFetch, guardedFetch, maskSecrets, type SecretBox, secretBox } from '@studio/platform';
import { LLM_ROUTERS } from './turn-deps.js';

/** The model routers one person's turn uses, and who pays for its calls. */
export interface TurnModels {
  chat: LlmRouter;
  summary: LlmRouter;
  /** `own_key`: every call goes through the person's own key and never counts against the operator's budget. */
  billedTo: UsageBilledTo;
  /** The person's key these routers use (provider_keys.id), when billedTo is `own_key`. */
  keyId?: string;
}

/** A key's client, kept while the key is unchanged (its id and updated_at), so a turn does not rebuild it. */
interface CachedClient {
  provider: LlmProvider;
  apiKey: string;
  expires: number;
}

// Briefly: a replaced key has a new updated_at anyway; this only bounds how long a deleted key's client lingers.
const CLIENT_TTL_MS = 5 * 60_000;

/** The model a key uses when the person named none and the operator's LLM_ROUTE has none of that provider. */
const DEFAULT_MODEL: Record<Exclude<ProviderKeyKind, 'openai-compatible'>, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-sonnet-4-5' };

type AccessEnv = Pick<
  Env,
  | 'SECRETS_KEY'
  | 'SECRETS_KEY_PREVIOUS'
  | 'JWT_SECRET'
  | 'WEBHOOK_ALLOWED_CIDRS'
  | 'OPENAI_BASE_URL'
  | 'ANTHROPIC_BASE_URL'
  | 'LLM_ROUTE'
  | 'LLM_PRICES'
  | 'LLM_FIRST_TOKEN_TIMEOUT_MS'
  | 'LLM_TIMEOUT_MS'
>;

/**
 * Which models a person's turn may call (bring your own key, docs/API.md "Your own model keys"): the person's own
 * keys when they have any, else the operator's LLM_ROUTE. Keys are opened here only (the API never opens them).
 */
@Injectable()
export class ModelAccess {
  private readonly box: SecretBox;
  private readonly policy: AddressPolicy;
  /** For a person's own base URL only: no redirects, no internal address at connection time (the operator's are trusted). */
  private readonly guarded: GuardedFetch;
  private readonly prices: PriceTable;
  private readonly clients = new Map<string, CachedClient>();

  constructor(
    @Inject(LLM_ROUTERS) private readonly operator: { chat: LlmRouter; summary: LlmRouter },
    @Inject(ENV) private readonly env: AccessEnv,
    @Inject(ProviderKeysRepository) private readonly keys: Pick<ProviderKeysRepository, 'listOwned' | 'markFailed' | 'markWorked'>,
  ) {
    this.box = secretBox(env);
    this.policy = AddressPolicy.fromList(env.WEBHOOK_ALLOWED_CIDRS);
    this.guarded = guardedFetch(this.policy);
    this.prices = PriceTable.fromJson(env.LLM_PRICES);
  }

  async forTurn(userId: string, requestedModel: string | null): Promise<TurnModels> {
    const keys = await this.keys.listOwned(userId);
    if (!keys.length) return { chat: this.operator.chat, summary: this.operator.summary, billedTo: 'operator' };
    const providers: Record<string, LlmProvider> = {};
    const routes: Route[] = [];
    for (const key of keys) {
      providers[key.provider] = await this.clientFor(key);
      routes.push({ provider: key.provider, model: this.modelOf(key) });
    }
    // The requested model first when its provider has a key; the others stay behind it as the fallback.
    const [provider, ...rest] = (requestedModel ?? '').split(':');
    const model = rest.join(':');
    const requested = model && keys.some((k) => k.provider === provider) ? routes.findIndex((r) => r.provider === provider) : -1;
    if (requested >= 0) routes.splice(requested, 1, { provider, model });
    if (requested > 0) routes.unshift(...routes.splice(requested, 1));
    const chat = new LlmRouter(providers, routes, { prices: this.prices });
    const first = keys.find((k) => k.provider === routes[0].provider) ?? keys[0];
    return { chat, summary: chat, billedTo: 'own_key', keyId: first.id };
  }

  /** The person's key was refused by its provider: remember the reason (masked) for its owner to see. */
  async keyFailed(keyId: string, reason: string): Promise<void> {
    await this.keys.markFailed(keyId, maskSecrets(reason, this.knownKeys()));
  }

  /** A call through the person's key worked: its last error is cleared and its last use noted. */
  async keyWorked(keyId: string): Promise<void> {
    await this.keys.markWorked(keyId);
  }

  /** The provider's reason for a failed call, fit to show the key's owner: no key or anything like one in it. */
  describeFailure(err: unknown): string {
    const status = err instanceof LlmError ? err.options.status : undefined;
    const raw = err instanceof Error ? err.message : String(err);
    const text = maskSecrets(raw, this.knownKeys(), 280);
    return status && !text.includes(String(status)) ? `${status} ${text}` : text;
  }

  /**
   * True when a call failed because of the key (refused, no quota, unknown model, or its base URL refused when
   * called: a redirect, an internal address): its owner must act.
   */
  isKeyFailure(err: unknown): boolean {
    if (!(err instanceof LlmError)) return false;
    const status = err.options.status;
    if (status === undefined) return err.code === 'LLM_REQUEST_REFUSED';
    return status >= 400 && status < 500 && status !== 408;
  }

  private modelOf(key: ProviderKeyEntity): string {
    if (key.model) return key.model;
    if (key.provider === 'openai-compatible') return '';
    return this.env.LLM_ROUTE.find((r) => r.provider === key.provider)?.model ?? DEFAULT_MODEL[key.provider];
  }

  /**
   * The key's client, opened and built once per version of the key. Its base URL is checked on every turn, and
   * a client for a person's base URL connects through `guardedFetch`: every connection's addresses are judged
   * again when it opens and redirects are refused, so neither DNS rebinding nor a 3xx reaches an internal
   * address (docs/API.md "Your own model keys").
   */
  private async clientFor(key: ProviderKeyEntity): Promise<LlmProvider> {
    if (key.baseUrl) {
      try {
        await checkProviderBaseUrl(key.baseUrl, this.policy);
      } catch (err) {
        if (err instanceof StudioError) await this.keys.markFailed(key.id, maskSecrets(err.message));
        throw err;
      }
    }
    const version = `${key.id}:${key.updatedAt.getTime()}`;
    const now = Date.now();
    for (const [k, c] of this.clients) if (c.expires < now) this.clients.delete(k);
    const cached = this.clients.get(version);
    if (cached) return cached.provider;

    let apiKey: string;
    try {
      apiKey = this.box.open(key.sealedKey);
    } catch {
      const message = `Your ${key.provider} key can no longer be read (the server's secrets key changed); save it again.`;
      await this.keys.markFailed(key.id, message);
      throw new StudioError('PROVIDER_KEY_FAILED', message, { provider: key.provider, reason: message });
    }
    const timeouts = { LLM_ROUTE: [], LLM_FIRST_TOKEN_TIMEOUT_MS: this.env.LLM_FIRST_TOKEN_TIMEOUT_MS, LLM_TIMEOUT_MS: this.env.LLM_TIMEOUT_MS };
    const fetch = key.baseUrl ? this.guarded : undefined;
    const provider =
      key.provider === 'anthropic'
        ? createProviders({ ...timeouts, ANTHROPIC_API_KEY: apiKey, ANTHROPIC_BASE_URL: key.baseUrl ?? this.env.ANTHROPIC_BASE_URL }, fetch).anthropic
        : createProviders({ ...timeouts, OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: key.baseUrl ?? (key.provider === 'openai' ? this.env.OPENAI_BASE_URL : undefined) }, fetch).openai;
    this.clients.set(version, { provider, apiKey, expires: now + CLIENT_TTL_MS });
    return provider;
  }

  private knownKeys(): string[] {
    return [...this.clients.values()].map((c) => c.apiKey);
  }
}
