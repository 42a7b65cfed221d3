import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { AuthResult, LoginBody, RegisterBody, UserRole, UserView } from '@studio/contracts';
import { AuthSessionsRepository, DbScope, type NewRefreshToken, type OpenedSession, UsersRepository } from '@studio/data';
import { ENV } from '@studio/platform';
import { AuditLog } from '../audit/audit-log.js';
import { DomainError } from '../common/domain-error.js';
import { RateLimiter } from '../infra/rate-limiter.service.js';
import { accountDisabled, isAdminEmail } from './account-state.js';
import { CredentialRevocations } from './credential-revocations.js';
import { hashPassword, verifyPassword } from './password.js';
import { randomToken, sha256 } from './secrets.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { TokenService } from './token.service.js';

const REFRESH_PREFIX = 'rt_';

/**
 * Sign-up, sign-in and the rotating refresh tokens. A sign-in opens a session (a token family); each refresh
 * spends its token and issues the next one in the same family. Presenting a spent token means it was copied:
 * the whole family is revoked, and the access tokens it issued stop working too.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: AuthSessionsRepository,
    @Inject(ENV) private readonly env: Env,
    private readonly tokens: TokenService,
    private readonly limiter: RateLimiter,
    private readonly signIns: SignInThrottle,
    private readonly revocations: CredentialRevocations,
    private readonly audit: AuditLog,
  ) {}

  async register({ email, password }: RegisterBody, ip: string): Promise<AuthResult> {
    await this.limiter.hit(`register:ip:${ip}`, this.env.AUTH_RATE_LIMIT_PER_IP);
    await this.limiter.hit(`register:email:${sha256(email)}`, this.env.AUTH_RATE_LIMIT_PER_EMAIL);
    const passwordHash = await hashPassword(password);
    const refresh = this.newRefreshToken();
    const opened = await this.sessions.signUp({ email, passwordHash }, refresh.stored);
    // Worded like any other refusal; the per-IP limit keeps this from being used to list accounts.
    if (!opened) throw new DomainError('EMAIL_UNAVAILABLE', 'This email cannot be used to create an account.');
    if (isAdminEmail(this.env, email)) opened.user.role = await this.firstAdmin(opened.user.id, opened.user.email);
    await this.audit.byOwner(opened.user.id, 'auth.signed_up', { type: 'session', id: opened.sessionId });
    return this.result(opened, refresh.token);
  }

  /** Only failed sign-ins count against the limits (SignInThrottle). */
  login({ email, password }: LoginBody, ip: string): Promise<AuthResult> {
    const failed = (err: unknown) => err instanceof DomainError && err.code === 'INVALID_CREDENTIALS';
    return this.signIns.run(email, ip, () => this.checkAndOpen(email, password), failed);
  }

  private async checkAndOpen(email: string, password: string): Promise<AuthResult> {
    const user = await this.users.findByEmail(email);
    // Same answer, and the same hashing work, whether the email is unknown or the password wrong.
    const check = await verifyPassword(password, user?.passwordHash);
    if (!check.ok || !user) {
      // In the trail of the account tried, if there is one; never the password, nor an unknown email (often a mistyped password).
      const details = { reason: user ? 'wrong_password' : 'unknown_account' };
      await this.audit.record({ action: 'auth.sign_in_failed', actor: { kind: 'anonymous', userId: null }, subjectUserId: user?.id ?? null, details });
      throw new DomainError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
    }
    // Told only to whoever knows the password.
    if (user.disabledAt) throw accountDisabled();
    // An older kind of hash (bcrypt) is replaced now that we hold the password it was made from.
    const rehashed = check.rehash ? await hashPassword(password) : null;
    const refresh = this.newRefreshToken();
    const opened = await this.sessions.signIn(user, refresh.stored, rehashed);
    await this.audit.byOwner(user.id, 'auth.signed_in', { type: 'session', id: opened.sessionId });
    return this.result(opened, refresh.token);
  }

  async refresh(refreshToken: string): Promise<AuthResult> {
    const invalid = () => new DomainError('REFRESH_TOKEN_INVALID', 'The refresh token is invalid or expired; sign in again.');
    if (!refreshToken.startsWith(REFRESH_PREFIX)) throw invalid();

    const next = this.newRefreshToken();
    const outcome = await this.sessions.rotate(sha256(refreshToken), next.stored);
    if (outcome.kind === 'rotated') return this.result(outcome, next.token);
    if (outcome.kind === 'invalid') throw invalid();
    if (outcome.kind === 'disabled') throw accountDisabled();
    // Announced after the transaction commits, so a revoked family stays revoked (and its sockets end after that).
    this.revocations.revoked({ kind: 'session', id: outcome.sessionId }, 'refresh_token_reused');
    // Whoever presented the spent token may be the thief, not the account's owner.
    await this.audit.record({ action: 'auth.refresh_reused', actor: { kind: 'anonymous', userId: null }, subjectUserId: outcome.userId, target: { type: 'session', id: outcome.sessionId } });
    throw new DomainError('REFRESH_TOKEN_REUSED', 'This refresh token was already used; every session token of it has been revoked. Sign in again.');
  }

  async logout(sessionId: string): Promise<void> {
    if (await this.sessions.revoke(sessionId, 'logout')) this.revocations.revoked({ kind: 'session', id: sessionId }, 'logout');
  }

  async me(userId: string): Promise<UserView> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('UNAUTHORIZED', 'This account no longer exists.');
    return { id: user.id, email: user.email, role: user.role };
  }

  /**
   * An ADMIN_EMAILS address signing up becomes the admin only while no admin exists (emails are not verified:
   * README "Admin"); the check and the update are one serialized step, so two racing sign-ups cannot both win.
   */
  private async firstAdmin(userId: string, email: string): Promise<UserRole> {
    const promoted = await DbScope.asSystem('first admin', () => this.users.promote([email]));
    if (!promoted.some((u) => u.id === userId)) return 'user';
    this.logger.log(`${email} is the first admin (ADMIN_EMAILS)`);
    await this.audit.record({
      action: 'role.changed',
      actor: { kind: 'system', userId: null },
      subjectUserId: userId,
      target: { type: 'user', id: userId },
      details: { previous: 'user', role: 'admin', via: 'ADMIN_EMAILS' },
    });
    return 'admin';
  }

  /** The next refresh token of a session: the token for the client, its hash and expiry for the store. */
  private newRefreshToken(): { token: string; stored: NewRefreshToken } {
    const token = randomToken(REFRESH_PREFIX);
    return { token, stored: { tokenHash: sha256(token), expiresAt: new Date(Date.now() + this.env.REFRESH_TOKEN_TTL * 1000) } };
  }

  private result({ user, sessionId }: OpenedSession, refreshToken: string): AuthResult {
    return {
      user: { id: user.id, email: user.email, role: user.role },
      accessToken: this.tokens.signAccess({ userId: user.id, sessionId }),
      refreshToken,
      expiresIn: this.tokens.accessTtlSeconds,
    };
  }
}
