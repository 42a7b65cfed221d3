import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@studio/config';
import { createSiteBuilder, type SiteBuilder } from '@studio/containers';
import { repeatableJob, SITE_CHANGED_CHANNEL } from '@studio/contracts';
import { DeploymentsRepository, SiteDomainsRepository, SitesRepository } from '@studio/data';
import type { FileStore, ObjectStore } from '@studio/files';
import { DATA_SOURCE, DOMAIN_VERIFIER, domainVerifier, ENV, FILE_STORE, OBJECT_STORE, PROJECT_EVENTS, type ProjectEventBus, REDIS, secretBox } from '@studio/platform';
import { screenshotSite } from '@studio/publish';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { CHROMIUM_FLAGS } from '../previews/render-check/chromium-flags.js';
import { WebhookPublisher } from '../webhooks/webhook-publisher.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { DeploymentProcessor } from './deployment.processor.js';
import { DeploymentPruner } from './deployment-pruner.js';
import { DeploymentPublisher } from './deployment-publisher.js';
import { DomainsRecheck } from './domains-recheck.js';
import { BuiltinTarget } from './targets/builtin.target.js';
import { PublishTargets } from './targets/publish-target.js';
import { s3TargetFactory } from './targets/s3.target.js';

const SITE_BUILDER = Symbol('SITE_BUILDER');
/** How often retention looks for deployments past each site's SITES_DEPLOYMENTS_KEPT. */
const PRUNE_EVERY_MS = 30 * 60_000;
/** The screenshot's whole budget (launch, load, fonts, capture); past it the publish goes on without one. */
const SCREENSHOT_TIMEOUT_MS = 20_000;

/** Publishing in the worker: the `sites` queue's processor, its targets, and the retention schedule. */
@Module({
  imports: [BullModule.registerQueue({ name: 'sites' }), BullModule.registerQueue({ name: 'maintenance' }), WebhooksModule],
  providers: [
    { provide: SITE_BUILDER, inject: [ENV], useFactory: (env: Env) => createSiteBuilder(env, new Logger('Sites')) },
    { provide: SitesRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new SitesRepository(db) },
    { provide: DeploymentsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new DeploymentsRepository(db) },
    { provide: SiteDomainsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new SiteDomainsRepository(db) },
    {
      provide: PublishTargets,
      inject: [ENV, OBJECT_STORE],
      useFactory: (env: Env, objects: ObjectStore) => {
        const box = secretBox(env);
        return new PublishTargets(new BuiltinTarget(objects), { s3: s3TargetFactory((sealed) => box.open(sealed)) });
      },
    },
    {
      provide: DeploymentPublisher,
      inject: [ENV, SitesRepository, DeploymentsRepository, SiteDomainsRepository, FILE_STORE, OBJECT_STORE, SITE_BUILDER, PublishTargets, PROJECT_EVENTS, WebhookPublisher, REDIS],
      useFactory: (
        env: Env,
        sites: SitesRepository,
        deployments: DeploymentsRepository,
        domains: SiteDomainsRepository,
        files: FileStore,
        objects: ObjectStore,
        builder: SiteBuilder,
        targets: PublishTargets,
        events: ProjectEventBus,
        webhooks: WebhookPublisher,
        redis: Redis,
      ) => {
        const logger = new Logger('Publish');
        return new DeploymentPublisher({
          env,
          sites,
          deployments,
          domains,
          files,
          objects,
          builder,
          targets,
          events,
          webhooks,
          siteChanged: (siteId) => redis.publish(SITE_CHANGED_CHANNEL, siteId),
          screenshot: (built) => screenshotSite(built, { chromiumPath: env.CHROMIUM_PATH, timeoutMs: SCREENSHOT_TIMEOUT_MS, args: CHROMIUM_FLAGS }),
          warn: (msg, details) => logger.warn({ msg, ...details }),
        });
      },
    },
    {
      provide: DeploymentPruner,
      inject: [ENV, DeploymentsRepository, OBJECT_STORE],
      useFactory: (env: Env, deployments: DeploymentsRepository, objects: ObjectStore) => new DeploymentPruner(deployments, objects, env.SITES_DEPLOYMENTS_KEPT),
    },
    DeploymentProcessor,
    { provide: DOMAIN_VERIFIER, inject: [ENV], useFactory: (env: Env) => domainVerifier(env) },
    DomainsRecheck,
  ],
  exports: [DeploymentProcessor, DeploymentPruner, DomainsRecheck],
})
export class SitesModule implements OnModuleInit {
  constructor(@InjectQueue('maintenance') private readonly maintenance: Queue) {}

  /** One schedule per deployment (BullMQ keeps a job scheduler by id, however many workers upsert it). */
  async onModuleInit() {
    await this.maintenance.upsertJobScheduler('deployments.prune', { every: PRUNE_EVERY_MS }, repeatableJob('deployments.prune'));
  }
}
