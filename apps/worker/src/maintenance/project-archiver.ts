import { Injectable } from '@nestjs/common';

/** `projects.archive` and `project.unarchive`: projects untouched for long give back their preview and cache. STUB: issue 21. */
@Injectable()
export class ProjectArchiver {
  async run(): Promise<Record<string, number>> {
    throw new Error('ProjectArchiver is not built yet');
  }

  async unarchive(_projectId: string): Promise<{ unarchived: boolean }> {
    throw new Error('ProjectArchiver is not built yet');
  }
}
