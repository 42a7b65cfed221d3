import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import type { Running } from './service.js';

export interface ChildOptions extends SpawnOptions {
  /** Prefix for each line of output, so interleaved logs stay readable. */
  label: string;
  /** Where lines go; defaults to this process's stdout. */
  sink?: (line: string) => void;
  /** Called if the child exits before stop() was asked for. */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/**
 * A supervised child process: its output is prefixed line by line, and stop() sends SIGTERM, waits for a
 * graceful exit, then SIGKILLs, so nothing is left running.
 */
export function startChild(command: string, args: string[], options: ChildOptions): Running & { process: ChildProcess; exited: Promise<number | null> } {
  const { label, sink = (l) => process.stdout.write(`${l}\n`), onUnexpectedExit, ...spawnOptions } = options;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
  let stopping = false;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line) sink(`${label} | ${line}`);
    });
    stream?.on('end', () => buffered && sink(`${label} | ${buffered}`));
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      if (!stopping) onUnexpectedExit?.(code, signal);
      resolve(code);
    });
    child.once('error', (err) => {
      sink(`${label} | failed to start: ${err.message}`);
      if (!stopping) onUnexpectedExit?.(null, null);
      resolve(null);
    });
  });
  return {
    name: label,
    process: child,
    exited,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // The apps drain for up to SHUTDOWN_GRACE_MS on SIGTERM (docs/DEPLOYMENT.md): that, and a few seconds more.
      const grace = Number((spawnOptions.env ?? process.env).SHUTDOWN_GRACE_MS ?? 20_000);
      const killer = setTimeout(() => child.kill('SIGKILL'), (Number.isFinite(grace) ? grace : 20_000) + 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
