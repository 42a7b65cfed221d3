import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import type { Env } from '@studio/config';
import { QUEUES } from '@studio/contracts';
import { ENV, redisOptions } from '@studio/platform';
import type { ConnectionOptions } from 'bullmq';
import { JobQueue } from './job-queue.service.js';
import { RateLimiter } from './rate-limiter.service.js';
import { UserCaps } from './user-caps.js';

const queues = QUEUES.map((name) => BullModule.registerQueue({ name }));

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ENV],
      useFactory: (env: Env) => ({ connection: redisOptions(env.REDIS_URL) as ConnectionOptions, prefix: env.QUEUE_PREFIX }),
    }),
    ...queues,
  ],
  providers: [JobQueue, RateLimiter, UserCaps],
  exports: [JobQueue, RateLimiter, UserCaps, ...queues],
})
export class QueueModule {}
