import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { StackError } from '../log.js';

export const run = promisify(execFile);

export async function imageExists(tag: string): Promise<boolean> {
  return run('docker', ['image', 'inspect', tag], { timeout: 20_000 }).then(
    () => true,
    () => false,
  );
}

/** Runs a command, its output line by line to the log (prefixed), the last lines in the error when it fails. */
export function streamCommand(cmd: string, args: string[], opts: { cwd?: string; log: (line: string) => void; prefix: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const sink = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) opts.log(`${opts.prefix} | ${line}`);
    };
    child.stdout.on('data', sink);
    child.stderr.on('data', sink);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new StackError(`${cmd} ${args.slice(0, 2).join(' ')} failed (${code}):\n${tail}`))));
  });
}
