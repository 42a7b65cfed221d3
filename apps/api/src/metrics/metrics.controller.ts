import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Env } from '@studio/config';
import { ENV, metricsAccess } from '@studio/platform';
import { Public } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { registry } from './metrics.registry.js';

/**
 * Prometheus scrape endpoint, for a scraper holding METRICS_TOKEN (not a user credential: operational data is
 * the operator's). Without a configured token it answers 404 like any unknown route.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(ENV) private readonly env: Env) {}

  @Public()
  @Get()
  @Header('Content-Type', registry.contentType)
  scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    const access = metricsAccess(authorization, this.env.METRICS_TOKEN);
    if (access === 'off') throw new DomainError('NOT_FOUND', 'No such route.');
    if (access === 'refused') throw new DomainError('UNAUTHORIZED', 'Metrics need the bearer token the operator configured (METRICS_TOKEN).');
    return registry.metrics();
  }
}
