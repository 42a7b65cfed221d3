import { type DynamicModule, Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Env } from '@studio/config';
import { createDataSource, scopeConnections } from '@studio/data';
import { BlobStore, FileStore, type ObjectStore, S3ObjectStore } from '@studio/files';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { FairShare, fairLimits } from './fairness/fair-share.js';
import { DATA_SOURCE, ENV, FILE_STORE, OBJECT_STORE, PROJECT_EVENTS, REDIS } from './injection-keys.js';
import { Draining } from './lifecycle/draining.js';
import { loggingImports } from './logging/logging.module.js';
import { ProjectEventBus } from './project-events.js';
import { createPubSubRedis, createRedis } from './redis.js';

/**
 * The infrastructure both apps stand on: validated config, the Postgres data source, a Redis client and
 * the object store and the versioned file store on it. Closed in reverse on shutdown so a stopping process finishes its queries first.
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Platform');

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(PROJECT_EVENTS) private readonly events: ProjectEventBus,
  ) {}

  /**
   * `rowLevelSecurity`: the data source's connections run as the policy-bound role in the caller's DbScope
   * (the API; docs/ARCHITECTURE.md "Row-level security"). Without it they keep the owner's role (the worker).
   */
  static forRoot(env: Env, appName: string, options: { rowLevelSecurity?: boolean } = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: loggingImports(env, appName),
      providers: [
        { provide: ENV, useValue: env },
        {
          provide: DATA_SOURCE,
          useFactory: async () => {
            const ds = createDataSource(env.DATABASE_URL, { poolSize: env.DB_POOL_SIZE, applicationName: appName });
            await ds.initialize();
            const pending = await ds.showMigrations();
            if (pending) throw new Error('The database has migrations that have not run: run `./studio migrate` (or `./studio up`, which runs them).');
            if (options.rowLevelSecurity) scopeConnections(ds);
            return ds;
          },
        },
        { provide: REDIS, useFactory: () => createRedis(env.REDIS_URL, appName) },
        {
          provide: OBJECT_STORE,
          useFactory: (): ObjectStore =>
            new S3ObjectStore({
              endpoint: env.S3_ENDPOINT,
              publicEndpoint: env.S3_PUBLIC_ENDPOINT,
              region: env.S3_REGION,
              bucket: env.S3_BUCKET,
              accessKeyId: env.S3_ACCESS_KEY_ID,
              secretAccessKey: env.S3_SECRET_ACCESS_KEY,
              forcePathStyle: env.S3_FORCE_PATH_STYLE,
            }),
        },
        {
          provide: FILE_STORE,
          inject: [DATA_SOURCE, OBJECT_STORE],
          useFactory: (db: DataSource, objects: ObjectStore) =>
            new FileStore(db, new BlobStore(objects, env.BLOB_CACHE_BYTES), {
              maxFileBytes: env.FILES_MAX_FILE_BYTES,
              maxFiles: env.FILES_MAX_FILES,
              maxProjectBytes: env.FILES_MAX_PROJECT_BYTES,
              maxPathLength: 256,
            }),
        },
        { provide: FairShare, inject: [REDIS], useFactory: (redis: Redis) => new FairShare(redis, fairLimits(env)) },
        { provide: Draining, useValue: new Draining() },
        {
          provide: PROJECT_EVENTS,
          inject: [DATA_SOURCE],
          useFactory: (db: DataSource) => new ProjectEventBus(db, createPubSubRedis(env.REDIS_URL, `${appName}-events`), (err) => new Logger('ProjectEvents').warn(`publish failed: ${err}`)),
        },
      ],
      exports: [ENV, DATA_SOURCE, REDIS, OBJECT_STORE, FILE_STORE, PROJECT_EVENTS, FairShare, Draining],
    };
  }

  async onApplicationShutdown() {
    (this.objects as Partial<S3ObjectStore>).destroy?.();
    await this.events.close();
    await this.redis.quit().catch((err) => this.logger.warn(`redis quit: ${err}`));
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
