import { allUp, readiness, runProbes } from './dependency-probes.js';

describe('runProbes', () => {
  it('reports each dependency up or down with why, a hung one after the timeout', async () => {
    const states = await runProbes(
      {
        postgres: async () => 1,
        redis: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379')),
        s3: () => new Promise(() => undefined),
      },
      50,
    );
    expect(states.postgres).toMatchObject({ status: 'up' });
    expect(states.redis).toMatchObject({ status: 'down', error: 'ECONNREFUSED 127.0.0.1:6379' });
    expect(states.s3).toMatchObject({ status: 'down', error: 'no answer in 50 ms' });
    expect(allUp(states)).toBe(false);
  });
});

describe('readiness', () => {
  const up = { status: 'up', latencyMs: 1 } as const;
  const down = { status: 'down', latencyMs: 1, error: 'refused' } as const;

  it('is 200 when every dependency is up and the process is not draining', () => {
    expect(readiness({ postgres: up, redis: up }, false)).toEqual({ status: 200, body: { status: 'ready', draining: false, dependencies: { postgres: up, redis: up } } });
  });

  it('is 503 with the dependency that is down', () => {
    expect(readiness({ postgres: up, redis: down }, false)).toMatchObject({ status: 503, body: { status: 'not_ready', dependencies: { redis: { error: 'refused' } } } });
  });

  it('is 503 while draining, even with everything up', () => {
    expect(readiness({ postgres: up }, true)).toMatchObject({ status: 503, body: { status: 'not_ready', draining: true } });
  });
});
