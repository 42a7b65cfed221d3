import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type BudgetView, type UsageQuery, type UsageReportView, usageQuerySchema } from '@studio/contracts';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { UsageService } from './usage.service.js';

/** The signed-in person's usage and budget (session or API key): never anyone else's. */
@ApiTags('usage')
@ApiBearerAuth()
@Controller('usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  /** `GET /api/usage?from&to&groupBy=day|project|model` (docs/API.md "Usage and budgets"). */
  @Get()
  report(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(usageQuerySchema)) q: UsageQuery): Promise<UsageReportView> {
    return this.usage.report(p.userId, q);
  }

  /** `GET /api/usage/budget`: this month's budget alone. */
  @Get('budget')
  budget(@CurrentPrincipal() p: Principal): Promise<BudgetView> {
    return this.usage.budget(p.userId);
  }
}
