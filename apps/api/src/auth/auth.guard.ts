import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { bearerToken, CredentialsService } from './credentials.service.js';
import type { Principal } from './principal.js';

/** Global guard: every HTTP route needs a valid JWT or API key unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true; // the gateway authenticates at the handshake
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = await this.credentials.authenticate(bearerToken(req.headers.authorization));
    if (!principal) throw new DomainError('UNAUTHORIZED', 'Missing, invalid, expired or revoked credentials.');
    req.principal = principal;
    return true;
  }
}
