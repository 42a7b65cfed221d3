import { Module } from '@nestjs/common';
import type { Env } from '@studio/config';
import { AddressPolicy, ENV } from '@studio/platform';
import { ProjectsModule } from '../projects/projects.module.js';
import { DeploymentsController } from './deployments.controller.js';
import { DeploymentsService } from './deployments.service.js';
import { DomainsController } from './domains.controller.js';
import { DOMAINS_PROVIDERS } from './domains.providers.js';
import { FormSubmissionsController } from './form-submissions.controller.js';
import { FormSubmissionsService } from './form-submissions.service.js';
import { SiteChanges } from './site-changes.js';
import { SitesController } from './sites.controller.js';
import { SitesService } from './sites.service.js';

/**
 * Sites and publishing (docs/API.md "Sites and publishing"): a project's site, its deployments, rollback and
 * unpublish, the publish target, form submissions, and custom domains. The outbound address policy is the
 * webhooks' (a bucket endpoint is a connection made on the person's behalf too).
 */
@Module({
  imports: [ProjectsModule],
  controllers: [SitesController, DeploymentsController, FormSubmissionsController, DomainsController],
  providers: [
    SitesService,
    DeploymentsService,
    FormSubmissionsService,
    SiteChanges,
    ...DOMAINS_PROVIDERS,
    { provide: AddressPolicy, inject: [ENV], useFactory: (env: Env) => AddressPolicy.fromList(env.WEBHOOK_ALLOWED_CIDRS) },
  ],
})
export class SitesModule {}
