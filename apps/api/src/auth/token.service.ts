import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { ENV } from '@studio/platform';
import jwt from 'jsonwebtoken';

const ISSUER = 'studio';
const AUDIENCE = 'studio-api';

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

/** A verified token's claims and when it expires (epoch ms). */
export interface VerifiedAccess extends AccessClaims {
  expiresAt: number;
}

/**
 * Access tokens: JWTs signed with HS256 and JWT_SECRET. The algorithm is pinned on verify, so `alg: none`,
 * RS256-with-the-secret-as-key and every other algorithm are refused; issuer, audience and expiry are checked.
 */
@Injectable()
export class TokenService {
  constructor(@Inject(ENV) private readonly env: Env) {}

  get accessTtlSeconds() {
    return this.env.JWT_ACCESS_TTL;
  }

  signAccess({ userId, sessionId }: AccessClaims): string {
    return jwt.sign({ sid: sessionId, typ: 'access' }, this.env.JWT_SECRET, {
      algorithm: 'HS256',
      subject: userId,
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: this.env.JWT_ACCESS_TTL,
      // Unique per token, so two tokens issued in the same second are still different tokens.
      jwtid: randomUUID(),
    });
  }

  /** The claims of a valid access token, or null for anything else (forged, expired, tampered, wrong alg). */
  verifyAccess(token: string): VerifiedAccess | null {
    try {
      const claims = jwt.verify(token, this.env.JWT_SECRET, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
      if (typeof claims === 'string' || claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') {
        return null;
      }
      return { userId: claims.sub, sessionId: claims.sid, expiresAt: claims.exp * 1000 };
    } catch {
      return null;
    }
  }
}
