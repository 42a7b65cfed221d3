import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PreviewView } from '@studio/contracts';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { PreviewsService } from './previews.service.js';

/** docs/API.md "Preview". `url` is a short-lived signed link to the preview's own origin (owner only). */
@ApiTags('previews')
@ApiBearerAuth()
@Controller('projects/:id/preview')
export class PreviewsController {
  constructor(private readonly previews: PreviewsService) {}

  /** 200 when the preview already serves the head version, 202 when it is being started or resumed. */
  @Post()
  async start(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<PreviewView> {
    const { view, started } = await this.previews.start(p, id, req.headers['x-request-id'] as string | undefined);
    res.status(started ? 202 : 200);
    return view;
  }

  @Get()
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<PreviewView> {
    return this.previews.get(p, id);
  }

  @Delete()
  @HttpCode(204)
  async stop(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() req: Request): Promise<void> {
    await this.previews.stop(p.userId, id, req.headers['x-request-id'] as string | undefined);
  }
}
