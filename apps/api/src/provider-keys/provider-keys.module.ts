import { Module } from '@nestjs/common';
import type { Env } from '@studio/config';
import { AddressPolicy, ENV } from '@studio/platform';
import { ProviderKeysController } from './provider-keys.controller.js';
import { ProviderKeysService } from './provider-keys.service.js';

/** A person's own model keys: `/api/provider-keys` (docs/API.md "Your own model keys"). */
@Module({
  controllers: [ProviderKeysController],
  providers: [{ provide: AddressPolicy, inject: [ENV], useFactory: (env: Env) => AddressPolicy.fromList(env.WEBHOOK_ALLOWED_CIDRS) }, ProviderKeysService],
})
export class ProviderKeysModule {}
