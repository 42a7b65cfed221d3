import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type CreateUploadBody, createUploadBodySchema, type UploadTicket, type UploadView } from '@studio/contracts';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { UploadsService } from './uploads.service.js';

/** docs/API.md "Assets and uploads": ask to upload, PUT the bytes to the store, complete, watch. Owner only. */
@ApiTags('assets')
@ApiBearerAuth()
@Controller('projects/:id/uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  /** 201 with a presigned PUT for exactly the declared length and type. */
  @Post()
  @ApiZodBody(createUploadBodySchema)
  create(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(createUploadBodySchema)) body: CreateUploadBody): Promise<UploadTicket> {
    return this.uploads.create(p.userId, id, body);
  }

  /** 202: the bytes are in the store; the worker checks them and `upload:processed` says how it went. */
  @Post(':uploadId/complete')
  @HttpCode(202)
  complete(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Param('uploadId') uploadId: string, @Req() req: Request): Promise<UploadView> {
    const requestId = req.headers['x-request-id'];
    return this.uploads.complete(p.userId, id, uploadId, typeof requestId === 'string' ? requestId : undefined);
  }

  @Get(':uploadId')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Param('uploadId') uploadId: string): Promise<UploadView> {
    return this.uploads.get(p.userId, id, uploadId);
  }

  /** A done chat picture's bytes (raster only), private to its owner. */
  @Get(':uploadId/content')
  async content(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Param('uploadId') uploadId: string, @Res() res: Response): Promise<void> {
    const { stream, contentType } = await this.uploads.content(p.userId, id, uploadId);
    res.status(200).set({
      'content-type': contentType,
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
