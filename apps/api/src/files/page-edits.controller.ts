import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type PageEditBody, type PageEditView, pageEditBodySchema, StudioError } from '@studio/contracts';
import type { FileStore } from '@studio/files';
import { applyPageEdit } from '@studio/page-edits';
import { FILE_STORE } from '@studio/platform';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ApiZodBody } from '../common/openapi.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { ProjectsService } from '../projects/projects.service.js';
import { PersonEdits } from './person-edits.js';

/**
 * Edits a person makes on the preview, without the model (docs/API.md "Edits on the page"): the located edit
 * (libs/page-edits) is applied to the files of the version the preview showed, and the one file it changes is
 * committed as every person's edit is (PersonEdits): protected files, the write limit, the compare-and-swap on
 * `baseVersion`, then the preview and webhooks hear of the new head.
 */
@ApiTags('files')
@ApiBearerAuth()
@Controller('projects/:id/edits')
export class PageEditsController {
  constructor(
    private readonly projects: ProjectsService,
    @Inject(FILE_STORE) private readonly files: FileStore,
    private readonly edits: PersonEdits,
  ) {}

  @Post()
  @ApiZodBody(pageEditBodySchema)
  async edit(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body(new ZodPipe(pageEditBodySchema)) body: PageEditBody): Promise<PageEditView> {
    const project = await this.projects.getOwned(p.userId, id);
    const sources = await this.sources(project.id, body);
    const edit = located(() => applyPageEdit((path) => sources.get(path) ?? null, body));
    // The same text written the same way: no empty version in the history.
    if (edit.content === sources.get(edit.path)) return { version: body.baseVersion, path: edit.path, line: edit.line };
    const content = Buffer.from(edit.content, 'utf8');
    const result = await this.edits.commit(p.userId, project, body.baseVersion, { action: 'write', path: edit.path, content }, `Edited "${shortened(body.after)}" on the page`);
    return { version: result.version, path: edit.path, line: edit.line };
  }

  /** The files the edit may read (the element's and its owners'), at the version the preview showed. */
  private async sources(projectId: string, body: PageEditBody): Promise<Map<string, string>> {
    const paths = [...new Set([body.location.path, ...body.owners.map((o) => o.path)])];
    const read = async (path: string): Promise<[string, string] | null> => {
      try {
        return [path, (await this.files.readFile(projectId, path, body.baseVersion)).toString('utf8')];
      } catch (err) {
        // A missing file is the located edit's to report (FILE_NOT_FOUND for the element, stale for an owner).
        if (err instanceof StudioError && err.code === 'FILE_NOT_FOUND') return null;
        throw err;
      }
    };
    return new Map((await Promise.all(paths.map(read))).filter((entry) => entry !== null));
  }
}

/** The new text as a version's message shows it: one line, at most 60 characters. */
function shortened(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

/**
 * The located edit's own refusals pass as they are; anything else it throws (a file nested deeper than a walk
 * can follow, a parser's surprise) means the source is not one an edit on the page can handle safely.
 */
function located<T>(apply: () => T): T {
  try {
    return apply();
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError('EDIT_NOT_EDITABLE', 'This text cannot be changed on the page: edit it in the code.');
  }
}
