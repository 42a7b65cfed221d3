import { Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FailedJobView, QueueView } from '@studio/contracts';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { AdminGuard } from './admin.guard.js';
import { AdminQueuesService } from './admin-queues.service.js';

const failedQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

/** The worker's queues, for admins (docs/API.md "Admin"). */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/queues')
export class AdminQueuesController {
  constructor(private readonly queues: AdminQueuesService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<QueueView[]> {
    return this.queues.queues(p.userId);
  }

  @Get(':name/failed')
  failed(@CurrentPrincipal() p: Principal, @Param('name') name: string, @Query(new ZodPipe(failedQuerySchema)) q: z.infer<typeof failedQuerySchema>): Promise<FailedJobView[]> {
    return this.queues.failed(p.userId, name, q.limit);
  }

  @Post(':name/jobs/:id/retry')
  @HttpCode(204)
  retry(@CurrentPrincipal() p: Principal, @Param('name') name: string, @Param('id') id: string): Promise<void> {
    return this.queues.retry(p.userId, name, id);
  }

  @Delete(':name/jobs/:id')
  @HttpCode(204)
  discard(@CurrentPrincipal() p: Principal, @Param('name') name: string, @Param('id') id: string): Promise<void> {
    return this.queues.discard(p.userId, name, id);
  }
}
