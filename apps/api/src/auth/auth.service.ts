import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { AuthResult, LoginBody, RegisterBody, UserView } from '@studio/contracts';
import { AuthSessionEntity, RefreshTokenEntity, UserEntity } from '@studio/data';
import { DATA_SOURCE, ENV } from '@studio/platform';
import { type DataSource, type EntityManager, IsNull, QueryFailedError } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { RateLimiter } from '../infra/rate-limiter.service.js';
import { CredentialRevocations } from './credential-revocations.js';
import { hashPassword, verifyPassword } from './password.js';
import { randomToken, sha256 } from './secrets.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { TokenService } from './token.service.js';

const REFRESH_PREFIX = 'rt_';
const UNIQUE_VIOLATION = '23505';

/**
 * Sign-up, sign-in and the rotating refresh tokens. A sign-in opens a session (a token family); each refresh
 * spends its token and issues the next one in the same family. Presenting a spent token means it was copied:
 * the whole family is revoked, and the access tokens it issued stop working too.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
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
    try {
      return await this.db.transaction(async (tx) => {
        const user = await tx.getRepository(UserEntity).save(tx.getRepository(UserEntity).create({ email, passwordHash }));
        return this.openSession(tx, user);
      });
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string })?.code === UNIQUE_VIOLATION) {
        // Worded like any other refusal; the per-IP limit keeps this from being used to list accounts.
        throw new DomainError('EMAIL_UNAVAILABLE', 'This email cannot be used to create an account.');
      }
      throw err;
    }
  }

  /** Only failed sign-ins count against the limits (SignInThrottle). */
  login({ email, password }: LoginBody, ip: string): Promise<AuthResult> {
    const failed = (err: unknown) => err instanceof DomainError && err.code === 'INVALID_CREDENTIALS';
    return this.signIns.run(email, ip, () => this.checkAndOpen(email, password), failed);
  }

  private async checkAndOpen(email: string, password: string): Promise<AuthResult> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ email });
    // Same answer, and the same hashing work, whether the email is unknown or the password wrong.
    const check = await verifyPassword(password, user?.passwordHash);
    if (!check.ok || !user) throw new DomainError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
    // An older kind of hash (bcrypt) is replaced now that we hold the password it was made from.
    const rehashed = check.rehash ? await hashPassword(password) : null;
    return this.db.transaction(async (tx) => {
      if (rehashed) await tx.getRepository(UserEntity).update({ id: user.id }, { passwordHash: rehashed });
      return this.openSession(tx, user);
    });
  }

  async refresh(refreshToken: string): Promise<AuthResult> {
    const invalid = () => new DomainError('REFRESH_TOKEN_INVALID', 'The refresh token is invalid or expired; sign in again.');
    if (!refreshToken.startsWith(REFRESH_PREFIX)) throw invalid();

    const outcome = await this.db.transaction(async (tx) => {
      const token = await tx.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: sha256(refreshToken) });
      if (!token) return { error: invalid() };
      const session = await tx
        .getRepository(AuthSessionEntity)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.id = :id', { id: token.sessionId })
        .getOne();
      if (!session || session.revokedAt) return { error: invalid() };

      // Spend the token; only one of two racing refreshes can do this, the other is a reuse.
      const spent = await tx.getRepository(RefreshTokenEntity).update({ id: token.id, usedAt: IsNull() }, { usedAt: new Date() });
      if (token.usedAt || !spent.affected) {
        await tx.getRepository(AuthSessionEntity).update({ id: session.id }, { revokedAt: new Date(), revokedReason: 'refresh_token_reused' });
        return {
          error: new DomainError('REFRESH_TOKEN_REUSED', 'This refresh token was already used; every session token of it has been revoked. Sign in again.'),
          revokedSession: session.id,
        };
      }
      if (token.expiresAt.getTime() <= Date.now()) return { error: invalid() };

      const user = await tx.getRepository(UserEntity).findOneByOrFail({ id: session.userId });
      return { result: await this.issue(tx, user, session.id) };
    });
    // Thrown after the transaction commits, so a revoked family stays revoked (and its sockets end after that).
    if ('revokedSession' in outcome && outcome.revokedSession) this.revocations.revoked({ kind: 'session', id: outcome.revokedSession }, 'refresh_token_reused');
    if (outcome.error) throw outcome.error;
    return outcome.result!;
  }

  async logout(sessionId: string): Promise<void> {
    const res = await this.db.getRepository(AuthSessionEntity).update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'logout' });
    if (res.affected) this.revocations.revoked({ kind: 'session', id: sessionId }, 'logout');
  }

  async me(userId: string): Promise<UserView> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw new DomainError('UNAUTHORIZED', 'This account no longer exists.');
    return { id: user.id, email: user.email };
  }

  private async openSession(tx: EntityManager, user: UserEntity): Promise<AuthResult> {
    const session = await tx.getRepository(AuthSessionEntity).save(tx.getRepository(AuthSessionEntity).create({ userId: user.id }));
    return this.issue(tx, user, session.id);
  }

  private async issue(tx: EntityManager, user: UserEntity, sessionId: string): Promise<AuthResult> {
    const refreshToken = randomToken(REFRESH_PREFIX);
    await tx.getRepository(RefreshTokenEntity).insert({
      sessionId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.env.REFRESH_TOKEN_TTL * 1000),
    });
    return {
      user: { id: user.id, email: user.email },
      accessToken: this.tokens.signAccess({ userId: user.id, sessionId }),
      refreshToken,
      expiresIn: this.tokens.accessTtlSeconds,
    };
  }
}
