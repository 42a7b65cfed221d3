import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type CreateProjectBody, createProjectBodySchema, type Project, type UpdateProjectBody, updateProjectBodySchema } from '@studio/contracts';
import { ProjectLifecycleRepository } from '@studio/data';
import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { ProjectsService, toProjectView } from './projects.service.js';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly lifecycle: ProjectLifecycleRepository,
  ) {}

  @Post()
  @ApiZodBody(createProjectBodySchema)
  create(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(createProjectBodySchema)) body: CreateProjectBody): Promise<Project> {
    return this.projects.create(p.userId, body);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<Project[]> {
    return this.projects.list(p.userId);
  }

  @Get(':id')
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<Project> {
    const project = await this.projects.getOwned(p.userId, id);
    // Opening the project counts as a visit (docs/ARCHITECTURE.md "Storage lifecycle"): an archived one comes back.
    await this.lifecycle.opened(project.id);
    return toProjectView(project);
  }

  @Patch(':id')
  @ApiZodBody(updateProjectBodySchema)
  rename(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(updateProjectBodySchema)) body: UpdateProjectBody): Promise<Project> {
    return this.projects.rename(p.userId, id, body.name);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() req: Request): Promise<void> {
    return this.projects.remove(p.userId, id, req.headers['x-request-id'] as string | undefined);
  }
}
