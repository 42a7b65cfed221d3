import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type ChatMessageView, type ModelView, type SendMessageBody, sendMessageBodySchema, type Turn, type TurnAccepted } from '@studio/contracts';
import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { TurnsService } from './turns.service.js';

/** Chat turns over REST: the same pipeline as the socket's `chat:send` (docs/API.md "Chat turns"). */
@ApiTags('turns')
@ApiBearerAuth()
@Controller()
export class TurnsController {
  constructor(private readonly turns: TurnsService) {}

  @Post('projects/:id/turns')
  @HttpCode(202)
  @ApiZodBody(sendMessageBodySchema)
  send(@CurrentPrincipal() p: Principal, @Param('id') projectId: string, @Body(new ZodPipe(sendMessageBodySchema)) body: SendMessageBody, @Req() req: Request): Promise<TurnAccepted> {
    return this.turns.create(p.userId, projectId, body, req.headers['x-request-id'] as string | undefined);
  }

  @Get('projects/:id/messages')
  messages(@CurrentPrincipal() p: Principal, @Param('id') projectId: string): Promise<ChatMessageView[]> {
    return this.turns.messages(p.userId, projectId);
  }

  @Get('turns/:turnId')
  get(@CurrentPrincipal() p: Principal, @Param('turnId') turnId: string): Promise<Turn> {
    return this.turns.get(p.userId, turnId);
  }

  @Post('turns/:turnId/cancel')
  @HttpCode(202)
  async cancel(@CurrentPrincipal() p: Principal, @Param('turnId') turnId: string): Promise<object> {
    await this.turns.cancel(p.userId, turnId);
    return {};
  }

  /** The models a turn may name (LLM_ROUTE), the first being the default. */
  @Get('models')
  models(): ModelView[] {
    return this.turns.listModels();
  }
}
