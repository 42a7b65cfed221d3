import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@studio/config';
import { repeatableJob } from '@studio/contracts';
import { ProjectLifecycleRepository } from '@studio/data';
import type { FileStore } from '@studio/files';
import { DATA_SOURCE, ENV, FairShare, FILE_STORE } from '@studio/platform';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';

/** Projects archived per page (each is one conditional update and one queued preview stop). */
const PAGE = 100;
const DAY_MS = 24 * 3600 * 1000;

/** The maintenance queue's scheduling call. */
export interface ArchiveScheduler {
  upsertJobScheduler(id: string, repeat: { every: number }, template: ReturnType<typeof repeatableJob<'projects.archive'>>): Promise<unknown>;
}

/**
 * `projects.archive` (a repeatable maintenance job, every LIFECYCLE_EVERY_SECONDS): projects nobody opened or
 * changed for PROJECT_ARCHIVE_AFTER_DAYS get archived_at, give back their preview (the ordinary
 * `preview.stop` with `remove`: container and session go) and this process's cached blobs. Nothing of the
 * project itself goes: its versions and blobs stay in the store, so the next visit (the API clears
 * archived_at when the project is opened) starts a preview from the store as for any stopped one
 * (docs/ARCHITECTURE.md "Storage lifecycle").
 */
@Injectable()
export class ProjectArchiver implements OnModuleInit {
  private readonly logger = new Logger(ProjectArchiver.name);
  private readonly lifecycle: ProjectLifecycleRepository;

  constructor(
    @Inject(DATA_SOURCE) db: DataSource,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(ENV) private readonly env: Pick<Env, 'PROJECT_ARCHIVE_AFTER_DAYS' | 'LIFECYCLE_EVERY_SECONDS'>,
    @InjectQueue('maintenance') private readonly maintenance: ArchiveScheduler,
    @InjectQueue('previews') private readonly previews: Queue,
    private readonly fair: FairShare,
  ) {
    this.lifecycle = new ProjectLifecycleRepository(db);
  }

  /** One schedule per deployment (BullMQ keeps a job scheduler by id, however many workers upsert it). */
  async onModuleInit(): Promise<void> {
    await this.maintenance.upsertJobScheduler('projects.archive', { every: this.env.LIFECYCLE_EVERY_SECONDS * 1000 }, repeatableJob('projects.archive'));
  }

  async run(now = new Date()): Promise<{ projectsArchived: number }> {
    const cutoff = new Date(now.getTime() - this.env.PROJECT_ARCHIVE_AFTER_DAYS * DAY_MS);
    let archived = 0;
    // Each page's projects leave the candidates (archived, or touched meanwhile and skipped for good this run).
    const seen = new Set<string>();
    for (let page = await this.lifecycle.untouchedSince(cutoff, PAGE); page.some((p) => !seen.has(p.id)); page = await this.lifecycle.untouchedSince(cutoff, PAGE)) {
      for (const { id } of page) {
        if (seen.has(id)) continue;
        seen.add(id);
        // Conditional: a visit that came after the page was read wins, and the project stays.
        if (!(await this.lifecycle.archive(id, cutoff))) continue;
        // Re-checked when it runs: a visit after this commit clears archived_at and may start a fresh preview.
        await this.fair.add(this.previews, 'preview.stop', { projectId: id, remove: true, ifArchived: true });
        this.files.forget(id);
        archived++;
      }
    }
    if (archived) this.logger.log({ msg: 'projects archived', archived, cutoff: cutoff.toISOString() });
    return { projectsArchived: archived };
  }
}
