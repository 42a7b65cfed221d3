import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WorkerHealthServer } from './worker-health.server.js';

/** The worker's /health/live and /health/ready on WORKER_HEALTH_PORT; DiscoveryModule finds the queue processors. */
@Module({ imports: [DiscoveryModule], providers: [WorkerHealthServer] })
export class WorkerHealthModule {}
