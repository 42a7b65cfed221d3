import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/auth.decorators.js';
import { DependencyChecks } from './dependency-checks.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly checks: DependencyChecks) {}

  /** 200 when every dependency is up, 503 otherwise; the body says which is down and why. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const dependencies = await this.checks.run();
    const ok = Object.values(dependencies).every((d) => d.status === 'up');
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', uptimeSeconds: Math.round(process.uptime()), dependencies };
  }
}
