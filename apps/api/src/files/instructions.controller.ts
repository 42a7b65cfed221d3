import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type InstructionsBody, type InstructionsView, instructionsBodySchema, type NewVersionView } from '@studio/contracts';
import type { FileStore } from '@studio/files';
import { FILE_STORE } from '@studio/platform';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { ProjectsService } from '../projects/projects.service.js';
import { instructionsChange, readInstructions } from './instructions-file.js';
import { PersonEdits } from './person-edits.js';
import { parseVersion } from './version-query.js';

/**
 * The project's standing instructions (docs/API.md "Project instructions"): the file INSTRUCTIONS_PATH of a
 * version, read and written as text. A write is a person's file edit like any other (the protected-file rule,
 * the write limit, compare-and-swap on `baseVersion`, the preview and webhooks told), so the instructions are
 * versioned, restored and exported with the project.
 */
@ApiTags('files')
@ApiBearerAuth()
@Controller('projects/:id/instructions')
export class InstructionsController {
  constructor(
    private readonly projects: ProjectsService,
    @Inject(FILE_STORE) private readonly files: FileStore,
    private readonly edits: PersonEdits,
  ) {}

  /** The instructions at `version` (head by default): '' when that version has none. */
  @Get()
  async read(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query('version') version?: string): Promise<InstructionsView> {
    const project = await this.projects.getOwned(p.userId, id);
    const at = parseVersion(version) ?? (await this.files.head(project.id));
    return { text: (await readInstructions(this.files, project.id, at)) ?? '', version: at };
  }

  /** Writes the instructions (empty text removes the file); the same text again makes no version and answers the head. */
  @Put()
  @ApiZodBody(instructionsBodySchema)
  async write(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(instructionsBodySchema)) body: InstructionsBody): Promise<NewVersionView> {
    const project = await this.projects.getOwned(p.userId, id);
    const base = body.baseVersion ?? (await this.files.head(project.id));
    const change = instructionsChange(await readInstructions(this.files, project.id, base), body.text);
    if (!change) return { version: await this.files.head(project.id) };
    return this.edits.commit(p.userId, project, base, change, "Changed the project's instructions");
  }
}
