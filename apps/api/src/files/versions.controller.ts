import { Body, Controller, Get, Inject, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type DiffEntry, type NameVersionBody, type NewVersionView, nameVersionBodySchema, text, type VersionView } from '@studio/contracts';
import { ProjectVersionsRepository } from '@studio/data';
import { type FileStore, toVersionView } from '@studio/files';
import { FILE_STORE } from '@studio/platform';
import type { Response } from 'express';
import { z } from 'zod';
import { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { ProjectsService } from '../projects/projects.service.js';
import { FileWriteLimit } from './file-write-limit.js';
import { HeadMoved } from './head-moved.js';
import { ProtectedChanges } from './protected-changes.js';
import { parseVersion, requireVersion } from './version-query.js';

/** `?q=`: a checkpoint's name or a version's message to look for (one value; what a search box sends). */
const listQuerySchema = z.object({ q: text().max(200).optional() });

@ApiTags('versions')
@ApiBearerAuth()
@Controller('projects/:id/versions')
export class VersionsController {
  constructor(
    private readonly projects: ProjectsService,
    @Inject(FILE_STORE) private readonly files: FileStore,
    private readonly headMoved: HeadMoved,
    private readonly writeLimit: FileWriteLimit,
    private readonly protectedChanges: ProtectedChanges,
    private readonly versions: ProjectVersionsRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Newest first; `q` keeps those whose name or message contains it (case-insensitive). */
  @Get()
  async list(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query(new ZodPipe(listQuerySchema)) query: z.infer<typeof listQuerySchema>): Promise<VersionView[]> {
    const project = await this.projects.getOwned(p.userId, id);
    return this.files.versions(project.id, query.q);
  }

  /** Names version n (a checkpoint) or, with null, unnames it. Its files and message stay as they are. */
  @Patch(':n')
  @ApiZodBody(nameVersionBodySchema)
  async name(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Param('n') n: string, @Body(new ZodPipe(nameVersionBodySchema)) body: NameVersionBody): Promise<VersionView> {
    const project = await this.projects.getOwned(p.userId, id);
    const number = requireVersion(n, 'n');
    const named = await this.versions.setName(p.userId, project.id, number, body.name);
    if (!named) throw new DomainError('VERSION_NOT_FOUND', `No version ${number} of this project.`, { version: number });
    return toVersionView(named);
  }

  /** What changed from version `against` (default: the one before) to version n. */
  @Get(':n/diff')
  async diff(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Param('n') n: string, @Query('against') against?: string): Promise<DiffEntry[]> {
    const project = await this.projects.getOwned(p.userId, id);
    const number = requireVersion(n, 'n');
    return this.files.diff(project.id, number, parseVersion(against, 'against') ?? Math.max(1, number - 1));
  }

  /** A new head whose files equal version n; earlier versions stay as they are. */
  @Post(':n/restore')
  async restore(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Param('n') n: string): Promise<NewVersionView> {
    const project = await this.projects.getOwned(p.userId, id);
    const target = requireVersion(n, 'n');
    await this.protectedChanges.checkRestore(project.id, target);
    const result = await this.writeLimit.spend(p.userId, () => this.files.restore(project.id, target));
    this.headMoved.announce(project, result.version, 'restore');
    await this.audit.byOwner(p.userId, 'version.restored', { type: 'project', id: project.id }, { restored: target, version: result.version });
    return result;
  }

  /** The version's source as a zip, streamed (binary files included). */
  @Get(':n/zip')
  async zip(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Param('n') n: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const project = await this.projects.getOwned(p.userId, id);
    const { version, stream } = await this.files.zip(project.id, requireVersion(n, 'n'));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(stream, { type: 'application/zip', disposition: `attachment; filename="project-${project.id.slice(0, 8)}-v${version}.zip"` });
  }
}
