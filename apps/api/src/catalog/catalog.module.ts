import { Module } from '@nestjs/common';
import { type Catalog, loadCatalog } from '@studio/catalog';
import type { Env } from '@studio/config';
import { ENV } from '@studio/platform';
import { CATALOG } from './catalog.injection-keys.js';
import { ComponentsController } from './components.controller.js';
import { TemplatesController } from './templates.controller.js';

/** The templates and the section library, read from TEMPLATES_DIR at boot (a bad manifest stops the boot). */
@Module({
  controllers: [TemplatesController, ComponentsController],
  providers: [{ provide: CATALOG, inject: [ENV], useFactory: (env: Env): Promise<Catalog> => loadCatalog(env.TEMPLATES_DIR) }],
  exports: [CATALOG],
})
export class CatalogModule {}
