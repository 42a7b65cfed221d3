import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { AuthResult, LoginBody, RegisterBody, UserView } from '@studio/contracts';
import { AuthSessionsRepository, type NewRefreshToken, type OpenedSession, UsersRepository } from '@studio/data';
import { ENV } from '@studio/platform';
import { DomainError } from '../common/domain-error.js';
import { RateLimiter } from '../infra/rate-limiter.service.js';
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
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: AuthSessionsRepository,
    @Inject(ENV) private readonly env: Env,
    private readonly tokens: TokenService,
    private readonly limiter: RateLimiter,
    private readonly signIns: SignInThrottle,
    private readonly revocations: CredentialRevocations,
  ) {}

  async register({ email, password }: RegisterBody, ip: string): Promise<AuthResult> {
    await this.limiter.hit(`register:ip:${ip}`, this.env.AUTH_RATE_LIMIT_PER_IP);
    await this.limiter.hit(`register:email:${sha256(email)}`, this.env.AUTH_RATE_LIMIT_PER_EMAIL);
    const passwordHash = await hashPassword(password);
    const refresh = this.newRefreshToken();
    const opened = await this.sessions.signUp({ email, passwordHash }, refresh.stored);
    // Worded like any other refusal; the per-IP limit keeps this from being used to list accounts.
    if (!opened) throw new DomainError('EMAIL_UNAVAILABLE', 'This email cannot be used to create an account.');
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
    if (!check.ok || !user) throw new DomainError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
    // An older kind of hash (bcrypt) is replaced now that we hold the password it was made from.
    const rehashed = check.rehash ? await hashPassword(password) : null;
    const refresh = this.newRefreshToken();
    return this.result(await this.sessions.signIn(user, refresh.stored, rehashed), refresh.token);
  }

  async refresh(refreshToken: string): Promise<AuthResult> {
    const invalid = () => new DomainError('REFRESH_TOKEN_INVALID', 'The refresh token is invalid or expired; sign in again.');
    if (!refreshToken.startsWith(REFRESH_PREFIX)) throw invalid();

    const next = this.newRefreshToken();
    const outcome = await this.sessions.rotate(sha256(refreshToken), next.stored);
    if (outcome.kind === 'rotated') return this.result(outcome, next.token);
    if (outcome.kind === 'invalid') throw invalid();
    // Announced after the transaction commits, so a revoked family stays revoked (and its sockets end after that).
    this.revocations.revoked({ kind: 'session', id: outcome.sessionId }, 'refresh_token_reused');
    throw new DomainError('REFRESH_TOKEN_REUSED', 'This refresh token was already used; every session token of it has been revoked. Sign in again.');
  }

  async logout(sessionId: string): Promise<void> {
    if (await this.sessions.revoke(sessionId, 'logout')) this.revocations.revoked({ kind: 'session', id: sessionId }, 'logout');
  }

  async me(userId: string): Promise<UserView> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('UNAUTHORIZED', 'This account no longer exists.');
    return { id: user.id, email: user.email };
  }

  /** The next refresh token of a session: the token for the client, its hash and expiry for the store. */
  private newRefreshToken(): { token: string; stored: NewRefreshToken } {
    const token = randomToken(REFRESH_PREFIX);
    return { token, stored: { tokenHash: sha256(token), expiresAt: new Date(Date.now() + this.env.REFRESH_TOKEN_TTL * 1000) } };
  }

  private result({ user, sessionId }: OpenedSession, refreshToken: string): AuthResult {
    return {
      user: { id: user.id, email: user.email },
      accessToken: this.tokens.signAccess({ userId: user.id, sessionId }),
      refreshToken,
      expiresIn: this.tokens.accessTtlSeconds,
    };
  }
}
