import { type DependencyState, Draining } from '@studio/platform';
import type { Response } from 'express';
import type { DependencyChecks } from './dependency-checks.js';
import { HealthController } from './health.controller.js';

const up: DependencyState = { status: 'up', latencyMs: 1 };

function setup(core: Record<string, DependencyState>) {
  const draining = new Draining();
  let touched = 0;
  const checks = {
    run: async () => ({ ...core, worker: up }),
    runCore: async () => {
      touched++;
      return core;
    },
  } as unknown as DependencyChecks;
  const res = {
    code: 0,
    status(code: number) {
      this.code = code;
      return this;
    },
  };
  return { controller: new HealthController(checks, draining), draining, res, touched: () => touched };
}

describe('HealthController', () => {
  it('live answers without probing anything', () => {
    const { controller, touched } = setup({ postgres: { status: 'down', latencyMs: 2000, error: 'no answer in 2000 ms' } });
    expect(controller.live()).toMatchObject({ status: 'live' });
    expect(touched()).toBe(0);
  });

  it('ready is 200 when Postgres, Redis and the object store answer', async () => {
    const { controller, res } = setup({ postgres: up, redis: up, s3: up });
    expect(await controller.ready(res as unknown as Response)).toMatchObject({ status: 'ready', draining: false });
    expect(res.code).toBe(200);
  });

  it('ready is 503 with the probe that failed and why', async () => {
    const { controller, res } = setup({ postgres: up, redis: { status: 'down', latencyMs: 3, error: 'ECONNREFUSED' }, s3: up });
    expect(await controller.ready(res as unknown as Response)).toMatchObject({ status: 'not_ready', dependencies: { redis: { status: 'down', error: 'ECONNREFUSED' } } });
    expect(res.code).toBe(503);
  });

  it('ready is 503 while draining', async () => {
    const { controller, res, draining } = setup({ postgres: up, redis: up, s3: up });
    draining.begin();
    expect(await controller.ready(res as unknown as Response)).toMatchObject({ status: 'not_ready', draining: true });
    expect(res.code).toBe(503);
  });
});
