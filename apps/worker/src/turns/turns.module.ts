import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BullModule } from '@nestjs/bullmq';
import { Logger, Module } from '@nestjs/common';
import { type Catalog, loadCatalog } from '@studio/catalog';
import type { Env } from '@studio/config';
import { ProjectAssetsRepository, ProjectsRepository, ProviderKeysRepository, TurnsRepository, UploadsRepository, UsageRepository } from '@studio/data';
import { createRouters } from '@studio/llm';
import { DATA_SOURCE, ENV } from '@studio/platform';
import { TypeChecker } from '@studio/typecheck';
import type { DataSource } from 'typeorm';
import { assetLimitsFrom } from '../assets/asset-limits.js';
import { PreviewsModule } from '../previews/previews.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { assetMakerFor } from './asset-maker.js';
import { Cancellations } from './cancellations.js';
import { ModelAccess } from './model-access.js';
import { loadPreviewPackages } from './preview-packages.js';
import { ASSET_MAKER, AttachedAssets } from './stages/attached-assets.js';
import { AttachedPictures } from './stages/attached-pictures.js';
import { CommitStage } from './stages/commit-stage.js';
import { ContextStage } from './stages/context-stage.js';
import { TurnEndings } from './stages/turn-endings.js';
import { ValidateStage } from './stages/validate-stage.js';
import { TurnProcessor } from './turn.processor.js';
import { TurnBudget } from './turn-budget.js';
import { LLM_ROUTERS, TURN_DEPS, type TurnDeps } from './turn-deps.js';
import { TurnMetrics } from './turn-metrics.js';
import { TurnPipeline } from './turn-pipeline.js';
import { TurnStages } from './turn-stages.js';

/** The chat-turn pipeline of the worker: the `turns` queue's processor and what it runs on. */
@Module({
  imports: [BullModule.registerQueue({ name: 'turns' }), PreviewsModule, WebhooksModule],
  providers: [
    TurnProcessor,
    TurnPipeline,
    ModelAccess,
    TurnBudget,
    Cancellations,
    TurnMetrics,
    TurnStages,
    ContextStage,
    ValidateStage,
    CommitStage,
    TurnEndings,
    AttachedPictures,
    AttachedAssets,
    { provide: ASSET_MAKER, inject: [ENV], useFactory: (env: Env) => assetMakerFor(assetLimitsFrom(env)) },
    { provide: UploadsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new UploadsRepository(db) },
    { provide: ProjectAssetsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new ProjectAssetsRepository(db) },
    { provide: TurnsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new TurnsRepository(db) },
    { provide: UsageRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new UsageRepository(db) },
    { provide: ProjectsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new ProjectsRepository(db) },
    { provide: ProviderKeysRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new ProviderKeysRepository(db) },
    { provide: LLM_ROUTERS, inject: [ENV], useFactory: (env: Env) => createRouters(env) },
    {
      provide: TURN_DEPS,
      inject: [ENV],
      useFactory: async (env: Env): Promise<TurnDeps> => {
        const catalog = await loadCatalog(env.TEMPLATES_DIR);
        return { packages: loadPreviewPackages(env.PREVIEW_PACKAGES_FILE), catalog, typeChecker: typeCheckerFor(env.PREVIEW_PACKAGES_FILE, catalog) };
      },
    },
  ],
  exports: [TurnProcessor, TurnMetrics],
})
export class TurnsModule {}

/**
 * The type-checker reads the preview image's own type definitions, installed beside its package.json
 * (docker/preview/node_modules; `./studio` installs them). Without them nothing can be type-checked: the worker
 * says so loudly and turns go on with the other checks and the render check.
 */
function typeCheckerFor(packagesFile: string, catalog: Catalog): TypeChecker | undefined {
  const log = new Logger('TurnsModule');
  const root = resolve(dirname(packagesFile));
  if (!existsSync(join(root, 'node_modules', '@types', 'react'))) {
    log.error(`no type definitions in ${root}/node_modules: changes are NOT type-checked (run npm install there)`);
    return undefined;
  }
  const checker = new TypeChecker({ typesRoot: root });
  // The first check starts the compiler and parses React's types (about a second): at boot, not in a turn.
  const template = catalog.templates.list()[0];
  const files = template && catalog.templates.get(template.id)?.files;
  if (files) {
    const started = performance.now();
    checker.check(
      'warm-up',
      new Map(files.map((f) => [f.path, f.content])),
      files.map((f) => f.path).filter((p) => p.endsWith('.tsx')),
    );
    checker.dispose('warm-up');
    log.log(`type-checker ready in ${Math.round(performance.now() - started)} ms`);
  }
  return checker;
}
