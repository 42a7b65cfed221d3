import { Injectable } from '@nestjs/common';
import { CredentialsRepository } from '@studio/data';
import type { PreviewGrant } from '../previews/preview-links.js';

/** How long one answer stands per credential: a page load's dozens of module requests cost one lookup. */
const CACHE_MS = 1_000;
const MAX_CACHED = 10_000;

/**
 * Whether the sign-in session or API key a preview grant came from still stands (not revoked, its user not
 * deleted). Only revocation counts: the cookie outlives access tokens, which the app refreshes in the session.
 */
@Injectable()
export class LiveCredentials {
  private readonly recent = new Map<string, { live: boolean; until: number }>();

  constructor(private readonly credentials: CredentialsRepository) {}

  /**
   * `fresh` skips the cached answer: for what the visit would set going on the credential's behalf (waking a
   * stopped or paused preview), where an answer up to a second old could let a credential revoked just now in.
   */
  async isLive({ userId, credential }: PreviewGrant, opts: { fresh?: boolean } = {}): Promise<boolean> {
    const key = `${credential.kind}:${credential.id}:${userId}`;
    const now = Date.now();
    const hit = this.recent.get(key);
    if (hit && hit.until > now && !opts.fresh) return hit.live;
    const live = await this.credentials.isLive(credential, userId);
    if (this.recent.size >= MAX_CACHED) for (const [k, v] of this.recent) if (v.until <= now) this.recent.delete(k);
    if (this.recent.size >= MAX_CACHED) this.recent.clear();
    this.recent.set(key, { live, until: now + CACHE_MS });
    return live;
  }
}
