import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { type PreviewTarget, SERVING_STATUSES } from '@studio/data';
import { ENV } from '@studio/platform';
import { COOKIE_TTL_SECONDS, PREVIEW_COOKIE, type PreviewGrant, PreviewLinks } from '../previews/preview-links.js';
import { LiveCredentials } from './live-credentials.js';
import { readCookies, safeNext } from './preview-host.js';
import { PreviewTargets } from './preview-targets.js';
import type { Refusal } from './refusals.js';
import { SpentLinks } from './spent-links.js';

/** A visitor let through: where the project's dev server answers, and the grant that let them. */
export type Allowed = { target: PreviewTarget & { host: string; vitePort: number; sessionId: string }; grant: PreviewGrant };
/** A sign-in that went through: where to send the browser, and the cookie to set on the preview origin. */
export type SignedIn = { location: string; cookie: string };

const servable = (t: PreviewTarget | null): t is Allowed['target'] => !!t?.host && !!t.vitePort && !!t.sessionId && SERVING_STATUSES.has(t.status ?? '');

/**
 * Who may see which preview (docs/ARCHITECTURE.md "Previews are untrusted code"): the project's owner only, through
 * the preview origin's cookie PreviewLinks issues, while the sign-in or API key it came from still stands.
 * A visit wakes a paused preview and counts as a look for the idle reaper.
 */
@Injectable()
export class PreviewAccess {
  private readonly secureCookie: boolean;

  constructor(
    @Inject(ENV) env: Env,
    private readonly links: PreviewLinks,
    @Inject(LiveCredentials) private readonly credentials: Pick<LiveCredentials, 'isLive'>,
    @Inject(SpentLinks) private readonly spentLinks: Pick<SpentLinks, 'spend'>,
    @Inject(PreviewTargets) private readonly targets: Pick<PreviewTargets, 'find' | 'wake' | 'touch'>,
  ) {
    // Browsers keep a SameSite=None cookie only with Secure; they accept Secure on https and on
    // *.localhost (a secure context). The cookie must travel inside the app's iframe, a cross-site frame.
    this.secureCookie = env.PREVIEW_PUBLIC_SCHEME === 'https' || env.PREVIEW_DOMAIN === 'localhost' || env.PREVIEW_DOMAIN.endsWith('.localhost');
  }

  /**
   * GET /__studio/auth?t=<link>&next=/: trades the API's signed link for the preview origin's cookie, once.
   * The link's credential must still stand (a link handed out before a logout opens nothing after it).
   */
  async signIn(projectId: string, query: URLSearchParams): Promise<SignedIn | { refusal: Refusal }> {
    const link = this.links.verifyLink(query.get('t') ?? '');
    if (!link || link.grant.projectId !== projectId) return { refusal: 'PREVIEW_LINK_INVALID' };
    if (!(await this.credentials.isLive(link.grant))) return { refusal: 'PREVIEW_SESSION_REVOKED' };
    if (!(await this.spentLinks.spend(link))) return { refusal: 'PREVIEW_LINK_USED' };
    const attributes = ['Path=/', 'HttpOnly', `Max-Age=${COOKIE_TTL_SECONDS}`, ...(this.secureCookie ? ['Secure', 'SameSite=None', 'Partitioned'] : ['SameSite=Lax'])];
    return { location: safeNext(query.get('next')), cookie: `${PREVIEW_COOKIE}=${encodeURIComponent(this.links.cookieValue(link.grant))}; ${attributes.join('; ')}` };
  }

  /**
   * The visitor's grant for this project, from the first of its cookies that verifies (a cookie planted
   * under the same name does not hide the real one), whose credential still stands, for a preview that serves.
   */
  async authorize(projectId: string, cookieHeader: string | undefined): Promise<Allowed | { refusal: Refusal }> {
    const grants = readCookies(cookieHeader, PREVIEW_COOKIE)
      .map((value) => this.links.verifyCookie(value))
      .filter((grant): grant is PreviewGrant => grant?.projectId === projectId);
    if (!grants.length) return { refusal: 'PREVIEW_ACCESS_DENIED' };
    let grant: PreviewGrant | undefined;
    for (const candidate of grants) if (!grant && (await this.credentials.isLive(candidate))) grant = candidate;
    if (!grant) return { refusal: 'PREVIEW_SESSION_REVOKED' };
    let target = await this.targets.find(projectId);
    if (!target || target.ownerId !== grant.userId) return { refusal: 'NOT_FOUND' };
    if (target.status === 'paused' || target.status === 'stopped') {
      // Waking starts work on the credential's behalf: asked afresh (a person disabled a second ago must not wake it).
      if (!(await this.credentials.isLive(grant, { fresh: true }))) return { refusal: 'PREVIEW_SESSION_REVOKED' };
      target = await this.targets.wake(target, grant.userId);
    }
    if (!servable(target)) return { refusal: 'PREVIEW_NOT_RUNNING' };
    this.targets.touch(target.sessionId);
    return { target, grant };
  }
}
