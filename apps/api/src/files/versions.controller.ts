import { Controller, Get, Inject, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { DiffEntry, NewVersionView, VersionView } from '@studio/contracts';
import type { FileStore } from '@studio/files';
import { FILE_STORE } from '@studio/platform';
import type { Response } from 'express';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ProjectsService } from '../projects/projects.service.js';
import { FileWriteLimit } from './file-write-limit.js';
import { HeadMoved } from './head-moved.js';
import { ProtectedChanges } from './protected-changes.js';
import { parseVersion, requireVersion } from './version-query.js';

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
  ) {}

  /** Newest first. */
  @Get()
  async list(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<VersionView[]> {
    const project = await this.projects.getOwned(p.userId, id);
    return this.files.versions(project.id);
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
