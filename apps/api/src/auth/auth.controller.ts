import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Env } from '@studio/config';
import {
  type AuthResult,
  type CookieSessionResult,
  type LoginBody,
  loginBodySchema,
  type RegisterBody,
  refreshBodySchema,
  registerBodySchema,
  SESSION_MODE_HEADER,
  StudioError,
  type UserView,
} from '@studio/contracts';
import { ENV } from '@studio/platform';
import type { Request, Response } from 'express';
import { AuditLog } from '../audit/audit-log.js';
import { CurrentPrincipal, Public } from '../common/auth.decorators.js';
import { clientIp } from '../common/client-ip.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { AuthService } from './auth.service.js';
import type { Principal } from './principal.js';
import { REFRESH_COOKIE, readCookie, SessionCookies, wantsCookieSession } from './session-cookies.js';

const COOKIE_MODE_DOC = { name: SESSION_MODE_HEADER, required: false, description: '`cookie`: answer with HttpOnly session cookies instead of tokens (the web client)' };

/**
 * Sign-up, sign-in, refresh and sign-out. Scripts get tokens in the body; the web client asks for cookie
 * mode (X-Studio-Session: cookie) and gets them as HttpOnly cookies only (auth/session-cookies.ts).
 */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly cookies: SessionCookies;

  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditLog,
    @Inject(ENV) env: Env,
  ) {
    this.cookies = new SessionCookies(env);
  }

  @Public()
  @Post('register')
  @ApiZodBody(registerBodySchema)
  @ApiHeader(COOKIE_MODE_DOC)
  async register(@Body(new ZodPipe(registerBodySchema)) body: RegisterBody, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthResult | CookieSessionResult> {
    return this.answer(req, res, await this.auth.register(body, clientIp(req)));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiZodBody(loginBodySchema)
  @ApiHeader(COOKIE_MODE_DOC)
  async login(@Body(new ZodPipe(loginBodySchema)) body: LoginBody, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthResult | CookieSessionResult> {
    return this.answer(req, res, await this.auth.login(body, clientIp(req)));
  }

  /** In cookie mode the refresh token comes from its cookie (the body is ignored); otherwise from the body. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiZodBody(refreshBodySchema)
  @ApiHeader(COOKIE_MODE_DOC)
  async refresh(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthResult | CookieSessionResult> {
    const cookieMode = wantsCookieSession(req.headers);
    const token = cookieMode ? (readCookie(req.headers.cookie, REFRESH_COOKIE) ?? '') : new ZodPipe(refreshBodySchema).transform(body).refreshToken;
    try {
      return this.answer(req, res, await this.auth.refresh(token));
    } catch (err) {
      // A dead refresh cookie is of no use to anyone: the browser stops sending it.
      if (cookieMode && err instanceof StudioError && err.code.startsWith('REFRESH_TOKEN_')) this.cookies.clear(res);
      throw err;
    }
  }

  /** Ends the caller's sign-in session: its refresh token and every access token it issued stop working; the cookies go. */
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  async logout(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (principal.via === 'jwt') await this.auth.logout(principal.sessionId);
    await this.audit.byOwner(principal.userId, 'auth.signed_out', principal.via === 'jwt' ? { type: 'session', id: principal.sessionId } : undefined);
    this.cookies.clear(res);
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentPrincipal() principal: Principal): Promise<UserView> {
    return this.auth.me(principal.userId);
  }

  /** Tokens in the body for scripts; in cookie mode, HttpOnly cookies and a body without them. */
  private answer(req: Request, res: Response, result: AuthResult): AuthResult | CookieSessionResult {
    if (!wantsCookieSession(req.headers)) return result;
    this.cookies.set(res, result);
    return { user: result.user, expiresIn: result.expiresIn };
  }
}
