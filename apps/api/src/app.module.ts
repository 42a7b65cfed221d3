import { type DynamicModule, Module } from '@nestjs/common';
import type { Env } from '@studio/config';
import { PlatformModule } from '@studio/platform';
import { AdminModule } from './admin/admin.module.js';
import { AssetsModule } from './assets/assets.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { FilesModule } from './files/files.module.js';
import { HealthModule } from './health/health.module.js';
import { QueueModule } from './infra/queue.module.js';
import { RepositoriesModule } from './infra/repositories.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PreviewProxyModule } from './preview-proxy/preview-proxy.module.js';
import { PreviewsModule } from './previews/previews.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { ProviderKeysModule } from './provider-keys/provider-keys.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { SiteHostModule } from './site-host/site-host.module.js';
import { SitesModule } from './sites/sites.module.js';
import { TurnsModule } from './turns/turns.module.js';
import { UsageModule } from './usage/usage.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({})
export class AppModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(env, 'studio-api', { rowLevelSecurity: true }),
        QueueModule,
        RepositoriesModule,
        AuditModule,
        AuthModule,
        CatalogModule,
        ProjectsModule,
        FilesModule,
        TurnsModule,
        RealtimeModule,
        PreviewsModule,
        PreviewProxyModule,
        WebhooksModule,
        ExportsModule,
        AssetsModule,
        SiteHostModule,
        SitesModule,
        UsageModule,
        ProviderKeysModule,
        AdminModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
