import type { Provider } from '@nestjs/common';
import type { Env } from '@studio/config';
import { SiteDomainsRepository } from '@studio/data';
import { DATA_SOURCE, DOMAIN_VERIFIER, domainVerifier, ENV } from '@studio/platform';
import type { DataSource } from 'typeorm';
import { DomainsService } from './domains.service.js';

/** Custom domains in the API: the service, its repository, and the verifier asking DOMAIN_DNS_SERVERS. */
export const DOMAINS_PROVIDERS: Provider[] = [
  DomainsService,
  { provide: SiteDomainsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new SiteDomainsRepository(db) },
  { provide: DOMAIN_VERIFIER, inject: [ENV], useFactory: (env: Env) => domainVerifier(env) },
];
