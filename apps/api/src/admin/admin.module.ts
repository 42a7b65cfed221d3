import { Module } from '@nestjs/common';
import { TurnsRepository } from '@studio/data';
import { DATA_SOURCE } from '@studio/platform';
import type { DataSource } from 'typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { TurnsModule } from '../turns/turns.module.js';
import { AdminGuard } from './admin.guard.js';
import { AdminActivityController } from './admin-activity.controller.js';
import { AdminActivityService } from './admin-activity.service.js';
import { AdminQueuesController } from './admin-queues.controller.js';
import { AdminQueuesService } from './admin-queues.service.js';
import { AdminUsersController } from './admin-users.controller.js';
import { AdminUsersService } from './admin-users.service.js';
import { FirstAdmins } from './first-admins.js';

/** Admin: `/api/admin/*`, for a signed-in admin only (AdminGuard), every route audited (docs/API.md "Admin"). */
@Module({
  imports: [AuthModule, TurnsModule],
  controllers: [AdminUsersController, AdminQueuesController, AdminActivityController],
  providers: [
    AdminGuard,
    AdminUsersService,
    AdminQueuesService,
    AdminActivityService,
    FirstAdmins,
    // Disabling a person stops their unfinished turns (AdminUsersService.disable).
    { provide: TurnsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new TurnsRepository(db) },
  ],
})
export class AdminModule {}
