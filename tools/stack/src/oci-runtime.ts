import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** gVisor's runtime name, as .ci/run and README "Stronger isolation: gVisor" register it with the engine. */
export const GVISOR = 'runsc';

export type RuntimeProbe = { ok: true } | { ok: false; reason: string };

/**
 * Whether previews can run under `runtime` on this engine: it is registered, and a container of the preview
 * image runs under it (a registered runtime can still fail on this kernel: README "Stronger isolation: gVisor").
 */
export async function probeOciRuntime(image: string, runtime: string): Promise<RuntimeProbe> {
  const { stdout } = await run('docker', ['info', '--format', '{{json .Runtimes}}']);
  const known = Object.keys(JSON.parse(stdout) as Record<string, unknown>);
  if (!known.includes(runtime)) return { ok: false, reason: `the Docker engine has no "${runtime}" runtime (it has: ${known.join(', ')})` };
  try {
    await run('docker', ['run', '--rm', `--runtime=${runtime}`, '--network=none', '--read-only', '--cap-drop=ALL', '--entrypoint', 'node', image, '-e', '0'], { timeout: 60_000 });
    return { ok: true };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const why =
      (e.stderr ?? e.message)
        .trim()
        .split('\n')
        .find((line) => line.trim()) ?? e.message;
    return { ok: false, reason: `a container does not run under "${runtime}": ${why}` };
  }
}
