import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type PublishTargetBody, publishTargetBodySchema, type RollbackBody, rollbackBodySchema, type SiteSettingsBody, type SiteView, siteSettingsBodySchema } from '@studio/contracts';
import type { Request } from 'express';
import { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { SitesService } from './sites.service.js';

const requestIdOf = (req: Request) => (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : undefined);

/** docs/API.md "Sites and publishing": a project's site, its settings and target, rollback and unpublish. Owner only. */
@ApiTags('sites')
@ApiBearerAuth()
@Controller('projects/:id/site')
export class SitesController {
  constructor(
    private readonly sites: SitesService,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<SiteView> {
    return this.sites.get(p.userId, id);
  }

  /** Creates the site when missing (a generated slug unless the body names one), else changes what the body names. */
  @Put()
  @ApiZodBody(siteSettingsBodySchema)
  save(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(siteSettingsBodySchema)) body: SiteSettingsBody): Promise<SiteView> {
    return this.sites.saveSettings(p.userId, id, body);
  }

  @Post('rollback')
  @HttpCode(200)
  @ApiZodBody(rollbackBodySchema)
  async rollback(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(rollbackBodySchema)) body: RollbackBody, @Req() req: Request): Promise<SiteView> {
    const site = await this.sites.rollback(p.userId, id, body.deploymentId, requestIdOf(req));
    await this.audit.byOwner(p.userId, 'site.rolled_back', { type: 'deployment', id: body.deploymentId }, { projectId: site.projectId, siteId: site.id }, req);
    return site;
  }

  @Post('unpublish')
  @HttpCode(200)
  unpublish(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<SiteView> {
    return this.sites.unpublish(p.userId, id);
  }

  @Put('target')
  @ApiZodBody(publishTargetBodySchema)
  setTarget(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(publishTargetBodySchema)) body: PublishTargetBody): Promise<SiteView> {
    return this.sites.setTarget(p.userId, id, body);
  }
}
