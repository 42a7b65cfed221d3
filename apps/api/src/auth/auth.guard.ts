import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DbScope } from '@studio/data';
import type { Request } from 'express';
import { IS_PUBLIC } from '../common/auth.decorators.js';
import { assertNotForged } from '../common/csrf.js';
import { DomainError } from '../common/domain-error.js';
import { bearerToken, CredentialsService } from './credentials.service.js';
import type { Principal } from './principal.js';
import { ACCESS_COOKIE, readCookie, wantsCookieSession } from './session-cookies.js';

/**
 * Global guard: every HTTP route needs a valid credential unless marked @Public(): a bearer JWT or API key
 * (scripts), or else the session cookie (the web client), which must pass the CSRF rule on a change.
 * It runs before any body is read (BodyAfterAuthInterceptor), so an anonymous caller is refused unheard.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true; // the gateway authenticates at the handshake
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) {
      // Sign-in and refresh in cookie mode set (or read) the cookie: the same rule keeps other origins out.
      assertNotForged(req.method, req.headers, wantsCookieSession(req.headers));
      // Public routes (sign-up, sign-in, refresh, health, metrics, domain check) find rows by email, token or
      // name before anyone is known: every user's rows (row-level security's system scope).
      DbScope.enterSystem('public route');
      return true;
    }
    const bearer = bearerToken(req.headers.authorization);
    const credential = bearer ?? readCookie(req.headers.cookie, ACCESS_COOKIE);
    assertNotForged(req.method, req.headers, !bearer && credential !== null);
    const principal = await this.credentials.authenticate(credential);
    if (!principal) throw new DomainError('UNAUTHORIZED', 'Missing, invalid, expired or revoked credentials.');
    req.principal = principal;
    // From here on the request's queries see only this person's rows (row-level security).
    DbScope.enterUser(principal.userId);
    return true;
  }
}
