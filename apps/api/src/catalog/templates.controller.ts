import { Controller, Get, Header, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Catalog } from '@studio/catalog';
import type { TemplateSummary } from '@studio/contracts';
import { DomainError } from '../common/domain-error.js';
import { CATALOG } from './catalog.injection-keys.js';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(@Inject(CATALOG) private readonly catalog: Catalog) {}

  @Get()
  list(): TemplateSummary[] {
    return this.catalog.templates.list();
  }

  /** The template's first screen as a PNG, for a template picker. */
  @Get(':id/thumbnail')
  @Header('content-type', 'image/png')
  @Header('cache-control', 'private, max-age=3600')
  thumbnail(@Param('id') id: string): StreamableFile {
    const png = this.catalog.templates.get(id)?.thumbnailPng;
    if (!png) throw new DomainError('NOT_FOUND', `No template "${id}" with a thumbnail.`);
    // A StreamableFile: a Buffer returned as is would be serialised as JSON.
    return new StreamableFile(png, { type: 'image/png', length: png.length });
  }
}
