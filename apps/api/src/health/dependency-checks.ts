import { Inject, Injectable } from '@nestjs/common';
import { WORKER_HEARTBEAT_KEY } from '@studio/contracts';
import { pingDatabase } from '@studio/data';
import type { ObjectStore } from '@studio/files';
import { DATA_SOURCE, OBJECT_STORE, REDIS } from '@studio/platform';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

export interface DependencyState {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

const TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  const timeout = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref();
  });
  return Promise.race([work, timeout]);
}

/** Probes each dependency the API needs, in parallel, each bounded by a timeout so /health always answers. */
@Injectable()
export class DependencyChecks {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
  ) {}

  async run(): Promise<Record<string, DependencyState>> {
    const checks: Record<string, () => Promise<unknown>> = {
      postgres: () => pingDatabase(this.db),
      redis: () => this.redis.ping(),
      s3: () => this.objects.ping(),
      // The worker proves it is alive by refreshing a key with a short TTL.
      worker: async () => {
        if (!(await this.redis.exists(WORKER_HEARTBEAT_KEY))) throw new Error('no heartbeat from any worker');
      },
    };
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]): Promise<[string, DependencyState]> => {
        const started = performance.now();
        try {
          await withTimeout(check());
          return [name, { status: 'up', latencyMs: Math.round(performance.now() - started) }];
        } catch (err) {
          return [name, { status: 'down', latencyMs: Math.round(performance.now() - started), error: (err as Error).message || String(err) }];
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}
