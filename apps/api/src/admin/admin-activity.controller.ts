import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AdminPreviewsView, type AuditPageView, type AuditQuery, auditQuerySchema, type MaintenanceRunView } from '@studio/contracts';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { AdminGuard } from './admin.guard.js';
import { AdminActivityService } from './admin-activity.service.js';

const maintenanceQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

/** Previews, the audit trail and maintenance runs, for admins (docs/API.md "Admin"). */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin')
export class AdminActivityController {
  constructor(private readonly activity: AdminActivityService) {}

  @Get('previews')
  previews(@CurrentPrincipal() p: Principal): Promise<AdminPreviewsView> {
    return this.activity.previewsByHost(p.userId);
  }

  @Get('audit')
  audit(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(auditQuerySchema)) q: AuditQuery): Promise<AuditPageView> {
    return this.activity.auditTrail(p.userId, q);
  }

  @Get('maintenance')
  maintenance(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(maintenanceQuerySchema)) q: z.infer<typeof maintenanceQuerySchema>): Promise<MaintenanceRunView[]> {
    return this.activity.maintenance(p.userId, q.limit);
  }
}
