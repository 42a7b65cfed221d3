import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Catalog } from '@studio/catalog';
import type { ComponentDetail, ComponentSummary } from '@studio/contracts';
import { DomainError } from '../common/domain-error.js';
import { CATALOG } from './catalog.injection-keys.js';

/** docs/API.md "GET /api/components": the section library the model inserts from. */
@ApiTags('components')
@ApiBearerAuth()
@Controller('components')
export class ComponentsController {
  constructor(@Inject(CATALOG) private readonly catalog: Catalog) {}

  @Get()
  list(): ComponentSummary[] {
    return this.catalog.library.list();
  }

  /** One component with its source, e.g. for a client that shows the library. */
  @Get(':id')
  get(@Param('id') id: string): ComponentDetail {
    const found = this.catalog.library.get(id);
    const source = this.catalog.library.source(id);
    if (!found || source === null) throw new DomainError('COMPONENT_NOT_FOUND', `No component "${id}".`, { suggestions: this.catalog.library.suggest(id) });
    return { ...found, source };
  }
}
