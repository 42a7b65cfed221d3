import { execFileSync, spawnSync } from 'node:child_process';
import { StackError, say } from './log.js';

function which(command: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

/**
 * A program from a Debian package (redis-server, chromium), installed with apt-get when missing and we are
 * root; otherwise a clear instruction. Returns its path.
 */
export function ensureCommand(command: string, pkg: string, otherwise = ''): string {
  const existing = which(command);
  if (existing) return existing;
  if (process.getuid?.() !== 0) {
    throw new StackError(`${command} is not installed. Install it (Debian/Ubuntu: \`sudo apt-get install -y ${pkg}\`)${otherwise ? ` ${otherwise}` : ''}.`);
  }
  say(`${command} is missing; installing it from Debian packages (apt-get install ${pkg})...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { stdio: 'inherit', env });
  const installed = which(command);
  if (!installed) throw new StackError(`apt-get install ${pkg} finished but ${command} is still not on PATH.`);
  return installed;
}
