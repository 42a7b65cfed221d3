import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimiter } from '../infra/rate-limiter.service.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { CredentialsService } from './credentials.service.js';
import { TokenService } from './token.service.js';

@Module({
  controllers: [AuthController, ApiKeysController],
  providers: [AuthService, ApiKeysService, TokenService, CredentialsService, RateLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [CredentialsService, RateLimiter],
})
export class AuthModule {}
