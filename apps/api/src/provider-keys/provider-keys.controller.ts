import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PROVIDER_KEY_KINDS, type ProviderKeyBody, type ProviderKeyKind, type ProviderKeyView, providerKeyBodySchema } from '@studio/contracts';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { ProviderKeysService } from './provider-keys.service.js';

/** `:provider` is one of the kinds; anything else is VALIDATION_FAILED naming the field, never a lookup. */
const providerParamSchema = z.object({ provider: z.enum(PROVIDER_KEY_KINDS, { message: `must be one of ${PROVIDER_KEY_KINDS.join(', ')}` }) });

/** A person's own model keys: list (never the key), add or replace one per provider, delete. */
@ApiTags('provider-keys')
@ApiBearerAuth()
@Controller('provider-keys')
export class ProviderKeysController {
  constructor(private readonly keys: ProviderKeysService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<ProviderKeyView[]> {
    return this.keys.list(p);
  }

  @Put(':provider')
  @ApiZodBody(providerKeyBodySchema)
  save(
    @CurrentPrincipal() p: Principal,
    @Param(new ZodPipe(providerParamSchema)) params: { provider: ProviderKeyKind },
    @Body(new ZodPipe(providerKeyBodySchema)) body: ProviderKeyBody,
  ): Promise<ProviderKeyView> {
    return this.keys.save(p, params.provider, body);
  }

  @Delete(':provider')
  @HttpCode(204)
  remove(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(providerParamSchema)) params: { provider: ProviderKeyKind }): Promise<void> {
    return this.keys.remove(p, params.provider);
  }
}
