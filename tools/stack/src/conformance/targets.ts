import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { loadEnv } from '@studio/config';
import { createPreviewRuntime } from '@studio/containers';
import { StackError } from '../log.js';
import { ensureHostPreviewPackages, ensurePreviewImage } from '../preview-image.js';
import type { ConformanceTarget, ConformanceTargetFactory } from './conformance-target.js';

const run = promisify(execFile);

export interface DriverLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The drivers' settings as the worker reads them (PREVIEW_* from the environment, the schema's defaults
 * otherwise). The runtime reads none of the service URLs the schema requires, so stand-ins fill them.
 */
function runtimeConfig(overrides: Record<string, string>) {
  const unused = { DATABASE_URL: 'postgres://unused/unused', REDIS_URL: 'redis://unused', JWT_SECRET: 'not-read-by-the-preview-runtime-at-all-0000' };
  return loadEnv({ ...unused, ...process.env, ...overrides });
}

/** The Docker driver on this machine's engine, with the preview image (built when its inputs changed). */
export async function dockerTarget(log: DriverLog, buildLog: (line: string) => void): Promise<ConformanceTarget> {
  const image = process.env.PREVIEW_IMAGE ?? (await ensurePreviewImage(buildLog));
  return {
    name: 'docker',
    runtime: (stackId) => createPreviewRuntime(runtimeConfig({ PREVIEW_RUNTIME: 'docker', PREVIEW_IMAGE: image, PREVIEW_STACK_ID: stackId }), log),
    exec: async (id, script) => (await run('docker', ['exec', id, 'node', '-e', script], { timeout: 30_000 })).stdout,
  };
}

/** The local-process driver: the same agent from docker/preview, with its packages installed on the host. */
export async function processTarget(log: DriverLog, buildLog: (line: string) => void): Promise<ConformanceTarget> {
  await ensureHostPreviewPackages(buildLog);
  // Only the Docker driver can honour another OCI runtime: the process driver refuses one at creation.
  return { name: 'process', runtime: (stackId) => createPreviewRuntime(runtimeConfig({ PREVIEW_RUNTIME: 'process', PREVIEW_STACK_ID: stackId, PREVIEW_OCI_RUNTIME: 'runc' }), log) };
}

/** A driver outside this repository: a module exporting `conformanceTarget` (or `default`), a ConformanceTargetFactory. */
export async function moduleTarget(path: string): Promise<ConformanceTarget> {
  const mod: { conformanceTarget?: unknown; default?: unknown } = await import(pathToFileURL(resolve(path)).href);
  const factory = mod.conformanceTarget ?? mod.default;
  if (typeof factory !== 'function') throw new StackError(`${path} exports no conformanceTarget (or default) function returning a ConformanceTarget`);
  // A module's exports are untyped at run time: the function is taken at its documented type.
  const target = await (factory as ConformanceTargetFactory)();
  if (typeof target?.runtime !== 'function' || typeof target.name !== 'string') throw new StackError(`${path}'s factory returned no ConformanceTarget (name and runtime(stackId))`);
  return target;
}
