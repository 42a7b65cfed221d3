import Docker from 'dockerode';
import { DockerRuntime } from './docker/docker.runtime.js';
import { DockerSiteBuilder } from './docker/docker.site-builder.js';
import { requireEngineRuntime } from './docker/engine-runtime.js';
import { type PreviewRuntime, PreviewRuntimeError } from './preview-runtime.js';
import { ProcessRuntime } from './process/process.runtime.js';
import { ProcessSiteBuilder } from './process/process.site-builder.js';
import type { SiteBuilder } from './site-builder.js';

export interface RuntimeConfig {
  PREVIEW_RUNTIME: 'auto' | 'docker' | 'process';
  PREVIEW_DOMAIN: string;
  PREVIEW_IMAGE: string;
  PREVIEW_NETWORK: string;
  PREVIEW_SUBNET: string;
  PREVIEW_MEMORY_MB: number;
  PREVIEW_CPUS: number;
  PREVIEW_PIDS: number;
  PREVIEW_STACK_ID: string;
  PREVIEW_OCI_RUNTIME: string;
  /** The client's address: its origin is the one the preview's edit bridge talks to. */
  PUBLIC_URL?: string;
}

/** PREVIEW_RUNTIME decides; `auto` means Docker when an engine answers. */
const useDocker = async (env: Pick<RuntimeConfig, 'PREVIEW_RUNTIME'>, docker: Docker) =>
  env.PREVIEW_RUNTIME === 'docker' || (env.PREVIEW_RUNTIME === 'auto' && (await DockerRuntime.available(docker)));

type Log = { log(message: string): void; warn(message: string): void; error(message: string): void };

const DEFAULT_OCI_RUNTIME = 'runc';

/**
 * The OCI runtime previews and builds get, checked at boot. Only the Docker driver can honour a runtime:
 * asking for another one (gVisor's runsc) where previews would run as local processes is an error, not a
 * silent downgrade to no isolation at all.
 */
async function checkOciRuntime(env: Pick<RuntimeConfig, 'PREVIEW_OCI_RUNTIME' | 'PREVIEW_RUNTIME'>, docker: Docker | null): Promise<string> {
  if (docker) await requireEngineRuntime(docker, env.PREVIEW_OCI_RUNTIME);
  else if (env.PREVIEW_OCI_RUNTIME !== DEFAULT_OCI_RUNTIME)
    throw new PreviewRuntimeError(
      'PREVIEW_UNAVAILABLE',
      `PREVIEW_OCI_RUNTIME=${env.PREVIEW_OCI_RUNTIME} needs the Docker driver, and this worker would run previews as local processes (PREVIEW_RUNTIME=${env.PREVIEW_RUNTIME}).`,
    );
  return env.PREVIEW_OCI_RUNTIME;
}

/** Picks the driver from validated config (docs/STYLE.md: a factory, the apps see only PreviewRuntime). */
export async function createPreviewRuntime(env: RuntimeConfig, log: Log, previewDir = 'docker/preview'): Promise<PreviewRuntime> {
  // Vite's host check: the preview proxy forwards the browser's Host, <projectId>.<PREVIEW_DOMAIN>.
  const allowedHosts = [`.${env.PREVIEW_DOMAIN}`];
  // The page's edit bridge (docker/preview/agent/page-bridge.mjs) posts to and accepts messages from this origin only.
  const appOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : undefined;
  const docker = new Docker();
  if (await useDocker(env, docker)) {
    const ociRuntime = await checkOciRuntime(env, docker);
    return new DockerRuntime({
      image: env.PREVIEW_IMAGE,
      network: env.PREVIEW_NETWORK,
      subnet: env.PREVIEW_SUBNET,
      stackId: env.PREVIEW_STACK_ID,
      allowedHosts,
      appOrigin,
      limits: { memoryMb: env.PREVIEW_MEMORY_MB, cpus: env.PREVIEW_CPUS, pids: env.PREVIEW_PIDS },
      ociRuntime,
      log,
      docker,
    });
  }
  await checkOciRuntime(env, null);
  return new ProcessRuntime({ previewDir, allowedHosts, appOrigin, log });
}

export interface SiteBuilderConfig extends Pick<RuntimeConfig, 'PREVIEW_RUNTIME' | 'PREVIEW_IMAGE' | 'PREVIEW_PIDS' | 'PREVIEW_STACK_ID' | 'PREVIEW_OCI_RUNTIME'> {
  EXPORT_BUILD_TIMEOUT_SECONDS: number;
  EXPORT_BUILD_MEMORY_MB: number;
  EXPORT_BUILD_CPUS: number;
}

/** The static-export builder on the same engine as previews (Docker when there is one, as for previews). */
export async function createSiteBuilder(env: SiteBuilderConfig, log: Log, previewDir = 'docker/preview'): Promise<SiteBuilder> {
  const docker = new Docker();
  if (await useDocker(env, docker)) {
    const limits = { memoryMb: env.EXPORT_BUILD_MEMORY_MB, cpus: env.EXPORT_BUILD_CPUS, pids: env.PREVIEW_PIDS * 2, timeoutSeconds: env.EXPORT_BUILD_TIMEOUT_SECONDS };
    return new DockerSiteBuilder({ docker, image: env.PREVIEW_IMAGE, stackId: env.PREVIEW_STACK_ID, limits, ociRuntime: await checkOciRuntime(env, docker) });
  }
  await checkOciRuntime(env, null);
  log.warn('exports: NO DOCKER ENGINE, static builds run as local processes (NOT ISOLATED).');
  return new ProcessSiteBuilder({ previewDir, timeoutSeconds: env.EXPORT_BUILD_TIMEOUT_SECONDS });
}
