import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { TemplateSummary } from '@studio/contracts';
import { TemplateCatalog } from './template-catalog.service.js';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(private readonly catalog: TemplateCatalog) {}

  @Get()
  list(): TemplateSummary[] {
    return this.catalog.list();
  }
}
