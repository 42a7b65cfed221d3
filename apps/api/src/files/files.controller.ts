import { Controller, Delete, Get, Inject, Param, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FileEntry, NewVersionView } from '@studio/contracts';
import type { FileStore } from '@studio/files';
import { FILE_STORE } from '@studio/platform';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { ProjectsService } from '../projects/projects.service.js';
import { PersonEdits } from './person-edits.js';
import { parseVersion } from './version-query.js';

/**
 * A project's files at a version (head by default), and user edits, each of which makes a new version.
 * Raw files are served as downloads, never rendered: the API's origin must not run code a model wrote.
 */
@ApiTags('files')
@ApiBearerAuth()
@Controller('projects/:id/files')
export class FilesController {
  constructor(
    private readonly projects: ProjectsService,
    @Inject(FILE_STORE) private readonly files: FileStore,
    private readonly edits: PersonEdits,
  ) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query('version') version?: string): Promise<FileEntry[]> {
    const project = await this.projects.getOwned(p.userId, id);
    return this.files.listFiles(project.id, parseVersion(version));
  }

  @Get('raw')
  async read(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query('path') path: string,
    @Query('version') version: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const project = await this.projects.getOwned(p.userId, id);
    const bytes = await this.files.readFile(project.id, path ?? '', parseVersion(version));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    return new StreamableFile(bytes, {
      type: 'application/octet-stream',
      length: bytes.length,
      disposition: `attachment; filename="${encodeURIComponent(path.split('/').pop() ?? 'file')}"`,
    });
  }

  /** Writes the request body as the file's new content. `baseVersion` makes it a compare-and-swap. */
  @Put('raw')
  async write(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query('path') path: string,
    @Query('baseVersion') baseVersion: string | undefined,
    @Req() req: Request,
  ): Promise<NewVersionView> {
    const project = await this.projects.getOwned(p.userId, id);
    if (!Buffer.isBuffer(req.body)) throw new DomainError('VALIDATION_FAILED', 'Send the file bytes as the request body.');
    const body = req.body;
    const base = parseVersion(baseVersion, 'baseVersion') ?? project.headVersion;
    return this.edits.commit(p.userId, project, base, { action: 'write', path: path ?? '', content: body }, `Edited ${path}`);
  }

  @Delete('raw')
  async remove(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query('path') path: string, @Query('baseVersion') baseVersion: string | undefined): Promise<NewVersionView> {
    const project = await this.projects.getOwned(p.userId, id);
    const base = parseVersion(baseVersion, 'baseVersion') ?? project.headVersion;
    return this.edits.commit(p.userId, project, base, { action: 'delete', path: path ?? '' }, `Deleted ${path}`);
  }
}
