import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@studio/config';
import { repeatableJob } from '@studio/contracts';
import { BlobClaimsRepository } from '@studio/data';
import { blobKey, type FileStore, type ObjectStore, projectPrefix } from '@studio/files';
import { DATA_SOURCE, ENV, FILE_STORE, OBJECT_STORE } from '@studio/platform';
import type { DataSource } from 'typeorm';
import { inBatches, sweepable } from './blob-sweep.js';
import { BuildLeftovers } from './build-leftovers.js';

/** The maintenance queue's scheduling call. */
export interface CollectScheduler {
  upsertJobScheduler(id: string, repeat: { every: number }, template: ReturnType<typeof repeatableJob<'blobs.collect'>>): Promise<unknown>;
}

/** Projects looked at per page, and deletes in flight at once. */
const PROJECTS_PER_PAGE = 200;
const DELETES_AT_ONCE = 32;

export interface CollectReport extends Record<string, number> {
  projects: number;
  blobs: number;
  blobBytes: number;
  claimsExpired: number;
  buildDirs: number;
}

/**
 * `blobs.collect` (a repeatable maintenance job, every LIFECYCLE_EVERY_SECONDS): deletes the blobs no version,
 * no pending commit and no live claim refers to, project by project (docs/ARCHITECTURE.md "Storage
 * lifecycle"). Safe against commits in flight: the keys are listed first; what is referenced is read under
 * the project's lock (a commit claims its blobs under it, shared, before uploading them), which decides the
 * candidates; then each batch of candidates is re-checked and deleted under the lock again, released between
 * batches. A blob uploaded after the listing is not in it; one claimed before a batch's lock is spared; one
 * claimed after it is uploaded (again) after that batch's deletes. Sizes are read outside any lock.
 */
@Injectable()
export class BlobCollector implements OnModuleInit {
  private readonly logger = new Logger(BlobCollector.name);
  private readonly claims: BlobClaimsRepository;

  constructor(
    @Inject(DATA_SOURCE) db: DataSource,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(ENV) private readonly env: Pick<Env, 'BLOB_COLLECT_GRACE_SECONDS' | 'LIFECYCLE_EVERY_SECONDS' | 'EXPORT_BUILD_TIMEOUT_SECONDS'>,
    @InjectQueue('maintenance') private readonly maintenance: CollectScheduler,
  ) {
    this.claims = new BlobClaimsRepository(db);
  }

  /** One schedule per deployment (BullMQ keeps a job scheduler by id, however many workers upsert it). */
  async onModuleInit(): Promise<void> {
    await this.maintenance.upsertJobScheduler('blobs.collect', { every: this.env.LIFECYCLE_EVERY_SECONDS * 1000 }, repeatableJob('blobs.collect'));
  }

  async run(): Promise<CollectReport> {
    const report: CollectReport = { projects: 0, blobs: 0, blobBytes: 0, claimsExpired: 0, buildDirs: 0 };
    for (let after: string | null = null; ; ) {
      const ids = await this.claims.projectIds(after, PROJECTS_PER_PAGE);
      if (!ids.length) break;
      for (const id of ids) {
        const { blobs, bytes } = await this.collect(id);
        report.projects++;
        report.blobs += blobs;
        report.blobBytes += bytes;
      }
      after = ids[ids.length - 1];
    }
    // After the sweep, never before it: a claim must outlive every listing taken while it was in force.
    report.claimsExpired = await this.claims.pruneExpired(this.env.BLOB_COLLECT_GRACE_SECONDS);
    // A build killed with its worker leaves its folder behind; one older than a few build timeouts is nobody's.
    report.buildDirs = await new BuildLeftovers(this.env.EXPORT_BUILD_TIMEOUT_SECONDS * 4).remove();
    if (report.blobs) this.logger.log({ msg: 'blobs collected', ...report });
    return report;
  }

  /** One project: list, decide (locked, one read), then per batch re-check and delete (locked, one batch). */
  private async collect(projectId: string): Promise<{ blobs: number; bytes: number }> {
    const listed: string[] = [];
    for await (const page of this.objects.list(`${projectPrefix(projectId)}blobs/`)) listed.push(...page);
    if (!listed.length) return { blobs: 0, bytes: 0 };
    const grace = this.env.BLOB_COLLECT_GRACE_SECONDS;
    const doomed = sweepable(projectId, listed, await this.claims.referenced(projectId, grace)).map((d) => d.sha256);
    let blobs = 0;
    let bytes = 0;
    for (let i = 0; i < doomed.length; i += DELETES_AT_ONCE) {
      const batch = doomed.slice(i, i + DELETES_AT_ONCE);
      // Sizes (for the report) before the lock: the lock covers only the re-check and the deletes.
      const sizes = new Map(await inBatches(batch, DELETES_AT_ONCE, async (sha256) => [sha256, (await this.objects.size(blobKey(projectId, sha256))) ?? 0] as const));
      const removed = await this.claims.whileUnreferenced(projectId, grace, batch, async (unreferenced) => {
        await inBatches(unreferenced, DELETES_AT_ONCE, (sha256) => this.objects.delete(blobKey(projectId, sha256)));
        return unreferenced;
      });
      this.files.forget(projectId, removed);
      blobs += removed.length;
      bytes += removed.reduce((sum, sha256) => sum + (sizes.get(sha256) ?? 0), 0);
    }
    return { blobs, bytes };
  }
}
