import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type CreateDeploymentBody, createDeploymentBodySchema, type DeploymentView } from '@studio/contracts';
import type { Request } from 'express';
import { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { DeploymentsService } from './deployments.service.js';

/** docs/API.md "Sites and publishing": publish a version, list and watch deployments (or their `deployment:*` events). Owner only. */
@ApiTags('sites')
@ApiBearerAuth()
@Controller()
export class DeploymentsController {
  constructor(
    private readonly deployments: DeploymentsService,
    private readonly audit: AuditLog,
  ) {}

  /** 202: queued; `deployment:progress`, then `deployment:ready` or `deployment:failed`. */
  @Post('projects/:id/deployments')
  @HttpCode(202)
  @ApiZodBody(createDeploymentBodySchema)
  async create(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(createDeploymentBodySchema)) body: CreateDeploymentBody, @Req() req: Request): Promise<DeploymentView> {
    const requestId = req.headers['x-request-id'];
    const queued = await this.deployments.create(p.userId, id, body, typeof requestId === 'string' ? requestId : undefined);
    // Recorded when asked for: the build's outcome is the deployment's own (its events and status).
    await this.audit.byOwner(p.userId, 'site.published', { type: 'deployment', id: queued.id }, { projectId: queued.projectId, siteId: queued.siteId, version: queued.version }, req);
    return queued;
  }

  @Get('projects/:id/deployments')
  list(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<DeploymentView[]> {
    return this.deployments.list(p.userId, id);
  }

  @Get('deployments/:id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<DeploymentView> {
    return this.deployments.get(p.userId, id);
  }
}
