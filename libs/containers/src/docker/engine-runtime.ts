import type Docker from 'dockerode';
import { PreviewRuntimeError } from '../preview-runtime.js';

/** The OCI runtimes the engine has registered: `runc`, and any named in its daemon.json "runtimes". */
export async function engineRuntimes(docker: Pick<Docker, 'info'>): Promise<string[]> {
  const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
  return Object.keys(info.Runtimes ?? {}).sort();
}

/**
 * PREVIEW_OCI_RUNTIME must name a runtime the engine knows. The engine only checks at container create, so
 * a typo or an engine without gVisor would otherwise fail every preview and every export, one by one, long
 * after boot; the worker checks once while it builds its drivers and refuses to start instead.
 */
export async function requireEngineRuntime(docker: Pick<Docker, 'info'>, runtime: string): Promise<void> {
  const known = await engineRuntimes(docker);
  if (known.includes(runtime)) return;
  throw new PreviewRuntimeError(
    'PREVIEW_UNAVAILABLE',
    `PREVIEW_OCI_RUNTIME=${runtime}: the Docker engine has no runtime of that name (it has: ${known.join(', ') || 'none listed'}). ` +
      `Register it in the engine's daemon.json "runtimes" (README "Stronger isolation: gVisor"), or unset PREVIEW_OCI_RUNTIME for runc.`,
  );
}
