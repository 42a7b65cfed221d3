import { pingDatabase } from '@studio/data';
import type { ObjectStore } from '@studio/files';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

export interface DependencyState {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

/** A named check: resolves when the dependency answers, rejects (with why) when it does not. */
export type Probes = Record<string, () => Promise<unknown>>;

export const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** What readiness means for both apps: Postgres, Redis and the object store answer. */
export function coreProbes(db: DataSource, redis: Redis, objects: ObjectStore): Probes {
  return {
    postgres: () => pingDatabase(db),
    redis: () => redis.ping(),
    s3: () => objects.ping(),
  };
}

/** Runs every probe in parallel, each bounded by a timeout, so a health answer never waits on a hung dependency. */
export async function runProbes(probes: Probes, timeoutMs = PROBE_TIMEOUT_MS): Promise<Record<string, DependencyState>> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<[string, DependencyState]> => {
      const started = performance.now();
      try {
        await withTimeout(probe(), timeoutMs);
        return [name, { status: 'up', latencyMs: Math.round(performance.now() - started) }];
      } catch (err) {
        return [name, { status: 'down', latencyMs: Math.round(performance.now() - started), error: (err instanceof Error && err.message) || String(err) }];
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** True when every probe answered. */
export function allUp(states: Record<string, DependencyState>): boolean {
  return Object.values(states).every((s) => s.status === 'up');
}

/**
 * A readiness answer: 200 with `ready` when every dependency is up and the process is not draining, else 503
 * with `not_ready`, which dependency is down and why, and `draining` when it is shutting down.
 */
export function readiness(
  states: Record<string, DependencyState>,
  draining: boolean,
): { status: 200 | 503; body: { status: 'ready' | 'not_ready'; draining: boolean; dependencies: Record<string, DependencyState> } } {
  const ok = allUp(states) && !draining;
  return { status: ok ? 200 : 503, body: { status: ok ? 'ready' : 'not_ready', draining, dependencies: states } };
}
