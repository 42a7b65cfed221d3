import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { ENV } from '@studio/platform';
import jwt from 'jsonwebtoken';
import { type CredentialRef, credentialOf, type Principal } from '../auth/principal.js';

const ISSUER = 'studio-api';
/** The link the API hands out lives a minute and opens the preview once: it only has to reach the preview origin. */
const LINK_TTL_SECONDS = 60;
/** The cookie it turns into lasts a working day on the preview origin only, and no longer than its sign-in. */
export const COOKIE_TTL_SECONDS = 12 * 3600;
export const PREVIEW_COOKIE = 'studio_preview';
export const AUTH_PATH = '/__studio/auth';

/** Who may see which preview, and through which credential (so ending that credential ends the access). */
export interface PreviewGrant {
  userId: string;
  projectId: string;
  credential: CredentialRef;
}

/** A verified link: its grant, and what makes it single use (its id, and when it stops mattering). */
export interface PreviewLink {
  grant: PreviewGrant;
  linkId: string;
  expiresAt: number;
}

/**
 * Who may see a preview, without an Authorization header (an iframe cannot send one): the API signs a
 * short-lived link for the owner; the preview origin trades it, once, for an HttpOnly cookie scoped to
 * itself. Both are bound to one user, one project and the sign-in session or API key that asked, and signed
 * with their own audience, so neither is an API credential and an API token is never accepted here.
 */
@Injectable()
export class PreviewLinks {
  constructor(@Inject(ENV) private readonly env: Env) {}

  origin(projectId: string): string {
    const port = this.env.PREVIEW_PUBLIC_PORT;
    const defaultPort = this.env.PREVIEW_PUBLIC_SCHEME === 'https' ? 443 : 80;
    return `${this.env.PREVIEW_PUBLIC_SCHEME}://${projectId}.${this.env.PREVIEW_DOMAIN}${port === defaultPort ? '' : `:${port}`}`;
  }

  /** The URL the iframe loads for `principal`: it sets the cookie, then redirects to `path`. */
  url(principal: Principal, projectId: string, path = '/'): string {
    const grant: PreviewGrant = { userId: principal.userId, projectId, credential: credentialOf(principal) };
    const token = this.sign(grant, 'preview-link', LINK_TTL_SECONDS, randomUUID());
    return `${this.origin(projectId)}${AUTH_PATH}?t=${encodeURIComponent(token)}&next=${encodeURIComponent(path)}`;
  }

  cookieValue(grant: PreviewGrant): string {
    return this.sign(grant, 'preview-cookie', COOKIE_TTL_SECONDS);
  }

  verifyLink(token: string): PreviewLink | null {
    const claims = this.verify(token, 'preview-link');
    const grant = claims && grantOf(claims);
    if (!grant || typeof claims.jti !== 'string' || typeof claims.exp !== 'number') return null;
    return { grant, linkId: claims.jti, expiresAt: claims.exp * 1000 };
  }

  verifyCookie(token: string): PreviewGrant | null {
    const claims = this.verify(token, 'preview-cookie');
    return claims && grantOf(claims);
  }

  private sign({ userId, projectId, credential }: PreviewGrant, audience: string, ttl: number, jwtid?: string): string {
    const payload = credential.kind === 'session' ? { pid: projectId, sid: credential.id } : { pid: projectId, kid: credential.id };
    return jwt.sign(payload, this.env.JWT_SECRET, { algorithm: 'HS256', issuer: ISSUER, audience, subject: userId, expiresIn: ttl, ...(jwtid ? { jwtid } : {}) });
  }

  private verify(token: string, audience: string): jwt.JwtPayload | null {
    try {
      const claims = jwt.verify(token, this.env.JWT_SECRET, { algorithms: ['HS256'], issuer: ISSUER, audience });
      return typeof claims === 'string' ? null : claims;
    } catch {
      return null;
    }
  }
}

/** The grant a token carries; a token without a credential (issued before grants named one) grants nothing. */
function grantOf(claims: jwt.JwtPayload): PreviewGrant | null {
  if (typeof claims.sub !== 'string' || typeof claims.pid !== 'string') return null;
  const credential: CredentialRef | null = typeof claims.sid === 'string' ? { kind: 'session', id: claims.sid } : typeof claims.kid === 'string' ? { kind: 'api_key', id: claims.kid } : null;
  return credential && { userId: claims.sub, projectId: claims.pid, credential };
}
