import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { ENV } from '@studio/platform';
import jwt from 'jsonwebtoken';

const ISSUER = 'studio-api';
/** The link the API hands out lives a minute: it only has to reach the preview origin once. */
const LINK_TTL_SECONDS = 60;
/** The cookie it turns into lasts a working day on the preview origin only. */
export const COOKIE_TTL_SECONDS = 12 * 3600;
export const PREVIEW_COOKIE = 'studio_preview';
export const AUTH_PATH = '/__studio/auth';

export interface PreviewClaims {
  userId: string;
  projectId: string;
}

/**
 * Who may see a preview, without an Authorization header (an iframe cannot send one): the API signs a
 * short-lived link for the owner; the preview origin trades it for an HttpOnly cookie scoped to itself.
 * Both are bound to one user and one project, and signed with their own audience, so neither is an API
 * credential and an API token is never accepted here.
 */
@Injectable()
export class PreviewLinks {
  constructor(@Inject(ENV) private readonly env: Env) {}

  origin(projectId: string): string {
    const port = this.env.PREVIEW_PUBLIC_PORT;
    const defaultPort = this.env.PREVIEW_PUBLIC_SCHEME === 'https' ? 443 : 80;
    return `${this.env.PREVIEW_PUBLIC_SCHEME}://${projectId}.${this.env.PREVIEW_DOMAIN}${port === defaultPort ? '' : `:${port}`}`;
  }

  /** The URL the iframe loads: it sets the cookie, then redirects to `path`. */
  url(claims: PreviewClaims, path = '/'): string {
    const token = this.sign(claims, 'preview-link', LINK_TTL_SECONDS);
    return `${this.origin(claims.projectId)}${AUTH_PATH}?t=${encodeURIComponent(token)}&next=${encodeURIComponent(path)}`;
  }

  cookieValue(claims: PreviewClaims): string {
    return this.sign(claims, 'preview-cookie', COOKIE_TTL_SECONDS);
  }

  verifyLink(token: string): PreviewClaims | null {
    return this.verify(token, 'preview-link');
  }

  verifyCookie(token: string): PreviewClaims | null {
    return this.verify(token, 'preview-cookie');
  }

  private sign({ userId, projectId }: PreviewClaims, audience: string, ttl: number): string {
    return jwt.sign({ pid: projectId }, this.env.JWT_SECRET, { algorithm: 'HS256', issuer: ISSUER, audience, subject: userId, expiresIn: ttl });
  }

  private verify(token: string, audience: string): PreviewClaims | null {
    try {
      const claims = jwt.verify(token, this.env.JWT_SECRET, { algorithms: ['HS256'], issuer: ISSUER, audience }) as jwt.JwtPayload;
      return typeof claims.sub === 'string' && typeof claims.pid === 'string' ? { userId: claims.sub, projectId: claims.pid } : null;
    } catch {
      return null;
    }
  }
}
