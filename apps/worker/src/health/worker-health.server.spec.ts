import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DiscoveryService } from '@nestjs/core';
import type { Env } from '@studio/config';
import type { ObjectStore } from '@studio/files';
import { Draining } from '@studio/platform';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { type JobHandlers, QueueProcessor } from '../jobs/job-handlers.js';
import { WorkerHealthServer } from './worker-health.server.js';
import { workerReadiness } from './worker-readiness.js';

/** A processor of the exports queue whose BullMQ worker is a stand-in with a settable state. */
class FakeExports extends QueueProcessor<'exports'> {
  readonly queue = 'exports';
  state = { running: true, paused: false };
  protected readonly handlers: JobHandlers<'exports'> = { 'export.build': async () => undefined };
  override get worker(): Worker {
    const state = this.state;
    return { isRunning: () => state.running, isPaused: () => state.paused } as unknown as Worker;
  }
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

describe('WorkerHealthServer', () => {
  const processor = new FakeExports();
  const draining = new Draining();
  let redisUp = true;
  let server: WorkerHealthServer;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    const env = { WORKER_HEALTH_PORT: port, HOST: '127.0.0.1' } as Env;
    const db = { query: async () => [{ ok: 1 }], isInitialized: true } as unknown as DataSource;
    const redis = { ping: async () => (redisUp ? 'PONG' : Promise.reject(new Error('ECONNREFUSED'))) } as unknown as Redis;
    const objects = { ping: async () => undefined } as unknown as ObjectStore;
    const discovery = { getProviders: () => [{ instance: processor }, { instance: {} }, { instance: undefined }] } as unknown as DiscoveryService;
    server = new WorkerHealthServer(env, db, redis, objects, draining, discovery);
    await server.onApplicationBootstrap();
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(() => server.onModuleDestroy());

  const get = async (path: string) => {
    const res = await fetch(url + path);
    return { status: res.status, body: await res.json() };
  };

  it('answers live without touching a dependency, and 404 elsewhere', async () => {
    redisUp = false;
    expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'live' } });
    expect((await get('/metrics')).status).toBe(404);
    redisUp = true;
  });

  it('is ready when the dependencies are up and every queue worker runs', async () => {
    expect(await get('/health/ready')).toMatchObject({ status: 200, body: { status: 'ready', workers: { exports: 'running' }, dependencies: { redis: { status: 'up' } } } });
  });

  it('is not ready with a dependency down, saying which and why', async () => {
    redisUp = false;
    expect(await get('/health/ready')).toMatchObject({ status: 503, body: { status: 'not_ready', dependencies: { redis: { status: 'down', error: 'ECONNREFUSED' } } } });
    redisUp = true;
  });

  it('is not ready with a paused queue worker', async () => {
    processor.state = { running: true, paused: true };
    expect(await get('/health/ready')).toMatchObject({ status: 503, body: { workers: { exports: 'paused' } } });
    processor.state = { running: true, paused: false };
  });

  it('is not ready once draining, and live still', async () => {
    draining.begin();
    expect(await get('/health/ready')).toMatchObject({ status: 503, body: { draining: true } });
    expect((await get('/health/live')).status).toBe(200);
  });
});

describe('workerReadiness', () => {
  it('is not ready without any queue worker', () => {
    expect(workerReadiness({}, [], false).status).toBe(503);
  });

  it('names a stopped worker', () => {
    expect(workerReadiness({}, [{ queue: 'turns', running: false, paused: false }], false)).toMatchObject({ status: 503, body: { workers: { turns: 'stopped' } } });
  });
});
