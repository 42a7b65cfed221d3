import { Injectable } from '@nestjs/common';
import type { CredentialEndReason } from '@studio/contracts';
import type { CredentialRef } from './principal.js';

type Listener = (credential: CredentialRef, reason: CredentialEndReason) => void;

/**
 * Announces, inside this process, that a credential was revoked (after the write that revoked it committed).
 * Every place that sets `revoked_at` on a session or an API key calls `revoked`; the realtime layer listens and
 * carries the news to every API process over Redis, so the credential's open sockets end everywhere at once.
 */
@Injectable()
export class CredentialRevocations {
  private readonly listeners = new Set<Listener>();

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  revoked(credential: CredentialRef, reason: CredentialEndReason): void {
    for (const listener of this.listeners) listener(credential, reason);
  }
}
