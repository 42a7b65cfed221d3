import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/auth.decorators.js';
import { registry } from './metrics.registry.js';

/** Prometheus scrape endpoint. Operational data only (no user content); restrict it at the network edge in production. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Public()
  @Get()
  @Header('Content-Type', registry.contentType)
  scrape(): Promise<string> {
    return registry.metrics();
  }
}
