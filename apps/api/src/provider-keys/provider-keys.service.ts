import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { ProviderKeyBody, ProviderKeyKind, ProviderKeyView } from '@studio/contracts';
import { type ProviderKeyEntity, ProviderKeysRepository } from '@studio/data';
import { AddressPolicy, checkProviderBaseUrl, ENV, secretBox } from '@studio/platform';
import { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../common/domain-error.js';

export const toProviderKeyView = (k: ProviderKeyEntity): ProviderKeyView => ({
  provider: k.provider,
  label: k.label,
  hint: k.hint,
  baseUrl: k.baseUrl,
  model: k.model,
  createdAt: k.createdAt.toISOString(),
  updatedAt: k.updatedAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  lastError: k.lastError && k.lastErrorAt ? { message: k.lastError, at: k.lastErrorAt.toISOString() } : null,
});

/**
 * A person's own model keys (docs/API.md "Your own model keys"). The key is sealed here and never leaves the
 * API again (only the worker opens it); only its last four characters are kept apart as a hint. Managing keys
 * is for a signed-in person: an API key is a credential that could otherwise swap in a key of its holder's.
 */
@Injectable()
export class ProviderKeysService {
  constructor(
    private readonly keys: ProviderKeysRepository,
    private readonly policy: AddressPolicy,
    private readonly audit: AuditLog,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async list(p: Principal): Promise<ProviderKeyView[]> {
    signedIn(p);
    return (await this.keys.listOwned(p.userId)).map(toProviderKeyView);
  }

  async save(p: Principal, provider: ProviderKeyKind, body: ProviderKeyBody): Promise<ProviderKeyView> {
    signedIn(p);
    if (provider === 'openai-compatible' && (!body.baseUrl || !body.model)) {
      const fields = { ...(body.baseUrl ? {} : { baseUrl: 'is required for openai-compatible' }), ...(body.model ? {} : { model: 'is required for openai-compatible' }) };
      throw new DomainError('VALIDATION_FAILED', `Invalid input: ${Object.keys(fields).join(', ')}`, { fields });
    }
    const baseUrl = body.baseUrl ? (await checkProviderBaseUrl(body.baseUrl, this.policy)).url.href : null;
    const hint = `…${body.apiKey.slice(-4)}`;
    const saved = await this.keys.save(p.userId, provider, { sealedKey: secretBox(this.env).seal(body.apiKey), hint, baseUrl, model: body.model ?? null, label: body.label || null });
    await this.audit.record({
      action: 'provider_key.saved',
      actor: { kind: 'user', userId: p.userId },
      subjectUserId: p.userId,
      target: { type: 'provider_key', id: saved.id },
      details: { provider, hint },
    });
    return toProviderKeyView(saved);
  }

  async remove(p: Principal, provider: ProviderKeyKind): Promise<void> {
    signedIn(p);
    const existing = (await this.keys.listOwned(p.userId)).find((k) => k.provider === provider);
    if (!existing || !(await this.keys.deleteOwned(p.userId, provider))) throw new DomainError('PROVIDER_KEY_NOT_FOUND', `You have no ${provider} key.`, { provider });
    await this.audit.record({
      action: 'provider_key.deleted',
      actor: { kind: 'user', userId: p.userId },
      subjectUserId: p.userId,
      target: { type: 'provider_key', id: existing.id },
      details: { provider, hint: existing.hint },
    });
  }
}

function signedIn(p: Principal): void {
  if (p.via === 'api_key') throw new DomainError('FORBIDDEN_FOR_API_KEY', 'An API key cannot manage model keys; sign in to manage them.');
}
