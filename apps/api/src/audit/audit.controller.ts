import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuditEventView, type AuditPageView, auditQuerySchema } from '@studio/contracts';
import { AuditEventsRepository } from '@studio/data';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ZodPipe } from '../common/zod.pipe.js';

/** Here only one's own trail: another person's is the admin's `GET /api/admin/audit`, so `userId` is refused as unknown. */
const ownTrailQuerySchema = auditQuerySchema.omit({ userId: true });

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly events: AuditEventsRepository) {}

  /** The signed-in person's audit trail, newest first (docs/API.md "Audit trail"). */
  @Get()
  async page(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(ownTrailQuerySchema)) q: z.infer<typeof ownTrailQuerySchema>): Promise<AuditPageView> {
    const page = await this.events.page({ subjectUserId: p.userId, before: q.before, limit: q.limit, action: q.action });
    return { ...page, events: page.events.map(withoutAdminIdentity) };
  }
}

/** The person sees that an admin acted on them, not which admin nor from where (the admin's view keeps both). */
export function withoutAdminIdentity(event: AuditEventView): AuditEventView {
  return event.actor.kind === 'admin' ? { ...event, actor: { kind: 'admin', userId: null }, ip: null } : event;
}
