import { Module } from '@nestjs/common';
import { FormSubmissionsRepository, SitesRepository } from '@studio/data';
import { DATA_SOURCE } from '@studio/platform';
import type { DataSource } from 'typeorm';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { FormEndpoint } from './form-endpoint.js';
import { SiteHost } from './site-host.js';

/** The published sites' listener (started by main.ts when SITES_PORT > 0) and its form endpoint. */
@Module({
  imports: [WebhooksModule],
  providers: [
    SiteHost,
    FormEndpoint,
    { provide: SitesRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new SitesRepository(db) },
    { provide: FormSubmissionsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new FormSubmissionsRepository(db) },
  ],
  exports: [SiteHost],
})
export class SiteHostModule {}
