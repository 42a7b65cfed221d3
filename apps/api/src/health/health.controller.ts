import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { allUp, Draining, readiness } from '@studio/platform';
import type { Response } from 'express';
import { Public } from '../common/auth.decorators.js';
import { DependencyChecks } from './dependency-checks.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly checks: DependencyChecks,
    private readonly draining: Draining,
  ) {}

  /** 200 when every dependency is up, 503 otherwise; the body says which is down and why. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const dependencies = await this.checks.run();
    const ok = allUp(dependencies);
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', uptimeSeconds: Math.round(process.uptime()), dependencies };
  }

  /** Liveness: 200 whenever the process answers; touches no dependency, so a slow database never gets it restarted. */
  @Public()
  @Get('live')
  live() {
    return { status: 'live', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Readiness: 200 when Postgres, Redis and the object store answer and the process is not draining; else 503 with why. */
  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const answer = readiness(await this.checks.runCore(), this.draining.active);
    res.status(answer.status);
    return answer.body;
  }
}
