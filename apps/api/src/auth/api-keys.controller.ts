import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type ApiKeyCreated, type ApiKeyView, type CreateApiKeyBody, createApiKeyBodySchema } from '@studio/contracts';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { ApiKeysService } from './api-keys.service.js';
import type { Principal } from './principal.js';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiZodBody(createApiKeyBodySchema)
  create(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(createApiKeyBodySchema)) body: CreateApiKeyBody): Promise<ApiKeyCreated> {
    return this.keys.create(p, body.name);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<ApiKeyView[]> {
    return this.keys.list(p.userId);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<void> {
    return this.keys.revoke(p.userId, id);
  }
}
