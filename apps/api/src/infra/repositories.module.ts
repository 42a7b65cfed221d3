import { Global, Module, type Provider } from '@nestjs/common';
import type { Env } from '@studio/config';
import {
  ApiKeysRepository,
  AuditEventsRepository,
  AuthSessionsRepository,
  CredentialsRepository,
  DeploymentsRepository,
  ExportsRepository,
  FormSubmissionsRepository,
  MaintenanceRunsRepository,
  PreviewSessionsRepository,
  ProjectAssetsRepository,
  ProjectLifecycleRepository,
  ProjectsRepository,
  ProjectVersionsRepository,
  ProviderKeysRepository,
  SiteDomainsRepository,
  SitesRepository,
  UploadsRepository,
  UsageRepository,
  UsersRepository,
  WebhooksRepository,
} from '@studio/data';
import { DATA_SOURCE, ENV } from '@studio/platform';
import type { DataSource } from 'typeorm';

/** A libs/data repository as a provider: the repositories are plain classes over the one DataSource. */
const repository = (type: new (db: DataSource) => object): Provider => ({ provide: type, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new type(db) });

const REPOSITORIES = [
  UsersRepository,
  AuthSessionsRepository,
  ApiKeysRepository,
  CredentialsRepository,
  ProjectsRepository,
  ExportsRepository,
  WebhooksRepository,
  UploadsRepository,
  ProjectAssetsRepository,
  ProjectVersionsRepository,
  SitesRepository,
  DeploymentsRepository,
  SiteDomainsRepository,
  FormSubmissionsRepository,
  UsageRepository,
  ProviderKeysRepository,
  AuditEventsRepository,
  MaintenanceRunsRepository,
  ProjectLifecycleRepository,
];

// Scoped to the stack whose workers manage its previews (the API reads any project's and records visits).
const previewSessions: Provider = { provide: PreviewSessionsRepository, inject: [DATA_SOURCE, ENV], useFactory: (db: DataSource, env: Env) => new PreviewSessionsRepository(db, env.PREVIEW_STACK_ID) };

/** Every libs/data repository the API's features use, available to all of them (the API writes no SQL). */
@Global()
@Module({ providers: [...REPOSITORIES.map((type) => repository(type)), previewSessions], exports: [...REPOSITORIES, PreviewSessionsRepository] })
export class RepositoriesModule {}
