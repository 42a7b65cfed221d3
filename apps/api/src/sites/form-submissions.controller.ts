import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FORM_NAME_PATTERN, type FormSubmissionPage, text } from '@studio/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/auth.decorators.js';
import { ZodPipe } from '../common/zod.pipe.js';
import { FormSubmissionsService } from './form-submissions.service.js';

const formName = text().regex(FORM_NAME_PATTERN, { message: 'must be a form name: lowercase letters, digits and hyphens' });
const pageQuerySchema = z.object({
  form: formName.optional(),
  /** The `nextCursor` of the page before. */
  before: text().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const csvQuerySchema = z.object({ form: formName.optional() });

/** docs/API.md "Sites and publishing": what the site's forms received, newest first, or all of it as CSV. Owner only. */
@ApiTags('sites')
@ApiBearerAuth()
@Controller('projects/:id/site/forms')
export class FormSubmissionsController {
  constructor(private readonly submissions: FormSubmissionsService) {}

  @Get('submissions')
  page(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query(new ZodPipe(pageQuerySchema)) q: z.infer<typeof pageQuerySchema>): Promise<FormSubmissionPage> {
    return this.submissions.page(p.userId, id, q);
  }

  /** A download (attachment): created_at, form, page, then every field, formula-looking cells defused. */
  @Get('submissions.csv')
  async csv(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query(new ZodPipe(csvQuerySchema)) q: z.infer<typeof csvQuerySchema>, @Res() res: Response): Promise<void> {
    const { csv, fileName } = await this.submissions.csv(p.userId, id, q.form);
    res
      .status(200)
      .set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"`, 'cache-control': 'private, no-store' })
      .send(csv);
  }
}
