import { Injectable } from '@nestjs/common';
import type { FormSubmissionPage } from '@studio/contracts';
import { type FormSubmissionEntity, FormSubmissionsRepository } from '@studio/data';
import { SitesService } from './sites.service.js';
import { submissionsCsv } from './submissions-csv.js';
import { toFormSubmissionView } from './views.js';

/** What a site's forms received (docs/API.md "Sites and publishing"), for its owner only: a page at a time, or all as CSV. */
@Injectable()
export class FormSubmissionsService {
  constructor(
    private readonly submissions: FormSubmissionsRepository,
    private readonly sites: SitesService,
  ) {}

  async page(ownerId: string, projectId: string, q: { form?: string; before?: string; limit: number }): Promise<FormSubmissionPage> {
    const { site } = await this.sites.requireSite(ownerId, projectId);
    const found = await this.submissions.page(ownerId, site.id, q);
    return { items: found.items.map(toFormSubmissionView), ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}) };
  }

  /** The CSV and a download name that says what it is (`<slug>-<form|forms>-submissions.csv`). */
  async csv(ownerId: string, projectId: string, form?: string): Promise<{ csv: string; fileName: string }> {
    const { site } = await this.sites.requireSite(ownerId, projectId);
    // Every column is known only once every row is read; the repository stops at FORM_EXPORT_MAX_ROWS, the newest.
    const rows: FormSubmissionEntity[] = [];
    for await (const row of this.submissions.all(ownerId, site.id, form)) rows.push(row);
    return { csv: submissionsCsv(rows), fileName: `${site.slug}-${form ?? 'forms'}-submissions.csv` };
  }
}
