import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { CredentialRevocations } from './credential-revocations.js';
import { CredentialsService } from './credentials.service.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { TokenService } from './token.service.js';

@Module({
  controllers: [AuthController, ApiKeysController],
  providers: [AuthService, ApiKeysService, TokenService, CredentialsService, CredentialRevocations, SignInThrottle, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [CredentialsService, CredentialRevocations],
})
export class AuthModule {}
