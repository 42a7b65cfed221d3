import { Injectable, Logger } from '@nestjs/common';
import { API_KEY_PREFIX } from '@studio/contracts';
import { ApiKeysRepository, CredentialsRepository, DbScope } from '@studio/data';
import { credentialOf, type Principal } from './principal.js';
import { sha256 } from './secrets.js';
import { TokenService } from './token.service.js';

// last_used_at is for people ("used 3 minutes ago"), so one write a minute per key is plenty.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Turns a bearer credential into a Principal. The one check behind the REST guard and the Socket.IO
 * handshake, so both refuse exactly the same tokens.
 */
@Injectable()
export class CredentialsService {
  private readonly logger = new Logger(CredentialsService.name);

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly tokens: TokenService,
  ) {}

  async authenticate(credential: string | undefined | null): Promise<Principal | null> {
    if (!credential || credential.length > 4096) return null;
    // Before anyone is known: a key is found by its hash among everyone's (row-level security's system scope).
    if (credential.startsWith(API_KEY_PREFIX)) return DbScope.asSystem('authenticate an API key', () => this.fromApiKey(credential));
    return this.fromAccessToken(credential);
  }

  /**
   * Whether the credential behind a principal still works: its access token has not expired and its session
   * or API key is not revoked. For connections that outlive the request that authenticated them (sockets).
   */
  async isLive(principal: Principal): Promise<boolean> {
    if (principal.via === 'jwt' && principal.expiresAt <= Date.now()) return false;
    // The session or key is looked up with its user's id, so their own scope sees exactly what the system scope
    // would; and it is the scope the socket's event runs in next, so the connection is not switched and back.
    return DbScope.asUser(principal.userId, () => this.credentials.isLive(credentialOf(principal), principal.userId));
  }

  private async fromAccessToken(token: string): Promise<Principal | null> {
    const claims = this.tokens.verifyAccess(token);
    if (!claims) return null;
    // A signed token is not enough: its session must still be live (logout and refresh-token reuse revoke it).
    // The session row is the token's user's own, so it is read in that user's scope: the scope the request
    // then runs in, so the pooled connection is not switched to system and back (two set_config round trips).
    const live = await DbScope.asUser(claims.userId, () => this.credentials.isLive({ kind: 'session', id: claims.sessionId }, claims.userId));
    if (!live) return null;
    return { userId: claims.userId, via: 'jwt', sessionId: claims.sessionId, expiresAt: claims.expiresAt };
  }

  private async fromApiKey(key: string): Promise<Principal | null> {
    const found = await this.apiKeys.findActiveByHash(sha256(key));
    if (!found) return null;
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      this.apiKeys.touchLastUsed(found.id).catch((err) => this.logger.warn(`last_used_at: ${err}`));
    }
    return { userId: found.userId, via: 'api_key', apiKeyId: found.id };
  }
}

/** `Bearer <token>` → token; anything else → null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}
