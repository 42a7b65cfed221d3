import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  type AuthResult,
  type LoginBody,
  loginBodySchema,
  type RefreshBody,
  refreshBodySchema,
  type RegisterBody,
  registerBodySchema,
  type UserView,
} from '@studio/contracts';
import type { Request } from 'express';
import { CurrentPrincipal, Public } from '../common/auth.decorators.js';
import { clientIp } from '../common/client-ip.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { AuthService } from './auth.service.js';
import type { Principal } from './principal.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  @ApiZodBody(registerBodySchema)
  register(@Body(new ZodPipe(registerBodySchema)) body: RegisterBody, @Req() req: Request): Promise<AuthResult> {
    return this.auth.register(body, clientIp(req));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiZodBody(loginBodySchema)
  login(@Body(new ZodPipe(loginBodySchema)) body: LoginBody, @Req() req: Request): Promise<AuthResult> {
    return this.auth.login(body, clientIp(req));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiZodBody(refreshBodySchema)
  refresh(@Body(new ZodPipe(refreshBodySchema)) body: RefreshBody): Promise<AuthResult> {
    return this.auth.refresh(body.refreshToken);
  }

  /** Ends the caller's sign-in session: its refresh token and every access token it issued stop working. */
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    if (principal.via === 'jwt') await this.auth.logout(principal.sessionId);
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentPrincipal() principal: Principal): Promise<UserView> {
    return this.auth.me(principal.userId);
  }
}
