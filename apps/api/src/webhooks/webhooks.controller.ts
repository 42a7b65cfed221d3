import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type CreateWebhookBody, createWebhookBodySchema, type WebhookDeliveryView, type WebhookView } from '@studio/contracts';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { WebhooksService } from './webhooks.service.js';

const deliveriesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/**
 * A user's webhooks: register a URL for events (the answer carries the signing secret, once), list,
 * delete, and read a webhook's delivery log.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiZodBody(createWebhookBodySchema)
  create(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(createWebhookBodySchema)) body: CreateWebhookBody): Promise<WebhookView> {
    return this.webhooks.create(p.userId, body);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<WebhookView[]> {
    return this.webhooks.list(p.userId);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<void> {
    return this.webhooks.remove(p.userId, id);
  }

  @Get(':id/deliveries')
  deliveries(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query(new ZodPipe(deliveriesQuerySchema)) query: z.infer<typeof deliveriesQuerySchema>): Promise<WebhookDeliveryView[]> {
    return this.webhooks.deliveries(p.userId, id, query.limit);
  }
}
