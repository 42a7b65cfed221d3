import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AddDomainBody, addDomainBodySchema, type DomainView } from '@studio/contracts';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal, Public } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { DomainsService } from './domains.service.js';

/** docs/API.md "Sites and publishing": a site's custom domains, and the TLS edge's "is this host ours?". */
@ApiTags('sites')
@ApiBearerAuth()
@Controller()
export class DomainsController {
  constructor(private readonly domains: DomainsService) {}

  @Get('projects/:id/site/domains')
  list(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<DomainView[]> {
    return this.domains.list(p.userId, id);
  }

  /** 201 pending, with the TXT record that proves it: `verification.name` holding `verification.value`. */
  @Post('projects/:id/site/domains')
  @HttpCode(201)
  @ApiZodBody(addDomainBodySchema)
  add(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(addDomainBodySchema)) body: AddDomainBody): Promise<DomainView> {
    return this.domains.add(p.userId, id, body.domain);
  }

  /** Looks the TXT record up now: 200 verified, or 409 DOMAIN_NOT_VERIFIED with what was found. */
  @Post('projects/:id/site/domains/:domainId/verify')
  @HttpCode(200)
  verify(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Param('domainId') domainId: string): Promise<DomainView> {
    return this.domains.verify(p.userId, id, domainId);
  }

  @Delete('projects/:id/site/domains/:domainId')
  @HttpCode(204)
  remove(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Param('domainId') domainId: string): Promise<void> {
    return this.domains.remove(p.userId, id, domainId);
  }

  /**
   * Caddy's `on_demand_tls { ask .../api/sites/domain-check }`: 200 when this platform serves the host, else
   * 404, before the edge asks a CA for a certificate. No credentials: the edge has none.
   */
  @Public()
  @Get('sites/domain-check')
  async check(@Query('domain') domain: unknown): Promise<{ ok: true }> {
    if (await this.domains.isServed(domain)) return { ok: true };
    throw new DomainError('NOT_FOUND', 'This platform does not serve that host.');
  }
}
