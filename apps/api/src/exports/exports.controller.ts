import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type CreateExportBody, createExportBodySchema, type ExportView } from '@studio/contracts';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { ExportsService, toExportView } from './exports.service.js';

/** docs/API.md "Exports": queue one, watch it (REST or `export:*` events), download the zip. Owner only. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post('projects/:id/exports')
  @HttpCode(202)
  @ApiZodBody(createExportBodySchema)
  create(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(createExportBodySchema)) body: CreateExportBody, @Req() req: Request): Promise<ExportView> {
    return this.exports.create(p.userId, id, body, req.headers['x-request-id'] as string | undefined);
  }

  @Get('exports/:id')
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<ExportView> {
    return toExportView(await this.exports.getOwned(p.userId, id));
  }

  /** The zip as a stream (attachment). 409 EXPORT_NOT_READY until it is ready; 404 once expired. */
  @Get('exports/:id/download')
  async download(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const { stream, sizeBytes, fileName } = await this.exports.download(p.userId, id);
    res.status(200).set({
      'content-type': 'application/zip',
      'content-length': String(sizeBytes),
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'private, no-store',
    });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
