import { Inject, Injectable } from '@nestjs/common';
import { WORKER_HEARTBEAT_KEY } from '@studio/contracts';
import type { ObjectStore } from '@studio/files';
import { coreProbes, DATA_SOURCE, type DependencyState, OBJECT_STORE, type Probes, REDIS, runProbes } from '@studio/platform';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

/** Probes each dependency the API needs (the rules in libs/platform health/), in parallel, each bounded by a timeout. */
@Injectable()
export class DependencyChecks {
  private readonly core: Probes;

  constructor(
    @Inject(DATA_SOURCE) db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(OBJECT_STORE) objects: ObjectStore,
  ) {
    this.core = coreProbes(db, redis, objects);
  }

  /** Postgres, Redis, the object store and a worker's heartbeat: the full view of /health. */
  run(): Promise<Record<string, DependencyState>> {
    return runProbes({
      ...this.core,
      // The worker proves it is alive by refreshing a key with a short TTL.
      worker: async () => {
        if (!(await this.redis.exists(WORKER_HEARTBEAT_KEY))) throw new Error('no heartbeat from any worker');
      },
    });
  }

  /** What this process needs to serve requests: readiness, which no worker's absence should take away. */
  runCore(): Promise<Record<string, DependencyState>> {
    return runProbes(this.core);
  }
}
