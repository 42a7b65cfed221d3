import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  type AdminBudgetBody,
  type AdminRoleBody,
  type AdminUsersPageView,
  type AdminUsersQuery,
  type AdminUserView,
  adminBudgetBodySchema,
  adminRoleBodySchema,
  adminUsersQuerySchema,
} from '@studio/contracts';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { AdminGuard } from './admin.guard.js';
import { AdminUsersService } from './admin-users.service.js';

/** Accounts, for admins (docs/API.md "Admin"). */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(adminUsersQuerySchema)) q: AdminUsersQuery): Promise<AdminUsersPageView> {
    return this.users.list(p.userId, q);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<AdminUserView> {
    return this.users.get(p.userId, id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  disable(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<AdminUserView> {
    return this.users.disable(p.userId, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  enable(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<AdminUserView> {
    return this.users.enable(p.userId, id);
  }

  @Put(':id/budget')
  @ApiZodBody(adminBudgetBodySchema)
  setBudget(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(adminBudgetBodySchema)) body: AdminBudgetBody): Promise<AdminUserView> {
    return this.users.setBudget(p.userId, id, body);
  }

  @Put(':id/role')
  @ApiZodBody(adminRoleBodySchema)
  setRole(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(adminRoleBodySchema)) body: AdminRoleBody): Promise<AdminUserView> {
    return this.users.setRole(p.userId, id, body);
  }
}
