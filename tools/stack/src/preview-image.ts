import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ensureCommand } from './debian-package.js';
import { streamCommand } from './images/docker-cli.js';
import { say } from './log.js';

const run = promisify(execFile);
const SOURCE = 'docker/preview';
const STAGE = 'docker/preview/.build';
const REPOSITORY = 'studio-preview';
/** The host-made base's recipe revision (hostNodeBase); part of both images' tags. */
const BASE_REVISION = 'r2';

/** Whether a Docker engine answers (DOCKER_HOST or the default socket), through the docker CLI. */
export async function dockerAvailable(): Promise<boolean> {
  try {
    await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

async function imageExists(tag: string): Promise<boolean> {
  return run('docker', ['image', 'inspect', tag], { timeout: 20_000 }).then(
    () => true,
    () => false,
  );
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (name === '.build' || name === 'node_modules') continue;
    if (statSync(full).isDirectory()) filesUnder(full, out);
    else out.push(full);
  }
  return out;
}

/** The image's tag is a hash of everything that goes into it, so a change to any input builds a new one. */
function inputsHash(): string {
  const hash = createHash('sha256').update(process.version).update(BASE_REVISION);
  for (const file of filesUnder(SOURCE)) hash.update(relative(SOURCE, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

const stream = (cmd: string, args: string[], opts: { cwd?: string; log: (line: string) => void }) => streamCommand(cmd, args, { ...opts, prefix: 'preview-image' });

/**
 * A Node base image made from this machine's own Node runtime: the binary and the shared libraries it and
 * the packages' native addons link against, imported as a one-layer image. Used where the official base
 * cannot be pulled (no registry here).
 */
async function hostNodeBase(log: (line: string) => void): Promise<string> {
  // The suffix is this recipe's revision: a change to it makes a new base.
  const tag = `studio-node-base:${process.versions.node}-${BASE_REVISION}`;
  if (await imageExists(tag)) return tag;
  const root = join(STAGE, 'node-base');
  rmSync(root, { recursive: true, force: true });
  for (const dir of ['usr/local/bin', 'lib/x86_64-linux-gnu', 'lib64', 'tmp', 'etc']) mkdirSync(join(root, dir), { recursive: true });
  cpSync(process.execPath, join(root, 'usr/local/bin/node'), { dereference: true });
  // As on any Linux: a tmpfs mounted over /tmp keeps the mountpoint's mode, and the preview user must write there.
  chmodSync(join(root, 'tmp'), 0o1777);
  const { stdout } = await run('ldd', [process.execPath]);
  // librt: the native addons of Vite's toolchain (rolldown, lightningcss, swc) link it besides Node's own.
  const libs = new Set(['/lib/x86_64-linux-gnu/librt.so.1']);
  for (const match of stdout.matchAll(/(\/\S+\.so[.\d]*)/g)) libs.add(match[1]);
  for (const lib of libs) {
    if (!existsSync(lib)) continue;
    const target = lib.startsWith('/lib64/') ? join(root, lib) : join(root, 'lib/x86_64-linux-gnu', lib.split('/').pop()!);
    cpSync(lib, target, { dereference: true });
  }
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/sbin/nologin\npreview:x:10001:10001:preview:/work:/sbin/nologin\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\npreview:x:10001:\n');
  say(`Preview image: making a Node ${process.version} base from this machine's runtime (${tag})...`);
  await stream('sh', ['-c', `tar -C '${root}' -c . | docker import -m 'host node runtime' - '${tag}'`], { log });
  rmSync(root, { recursive: true, force: true });
  return tag;
}

async function pickBase(log: (line: string) => void): Promise<string> {
  const wanted = process.env.PREVIEW_NODE_BASE;
  if (wanted) {
    if (!(await imageExists(wanted))) await stream('docker', ['pull', wanted], { log });
    return wanted;
  }
  const official = `node:${process.versions.node.split('.')[0]}-bookworm-slim`;
  if (await imageExists(official)) return official;
  return hostNodeBase(log);
}

/**
 * Builds the preview image when its inputs changed (docker/preview: package.json and its lockfile, the
 * agent, the Dockerfile) and returns its tag. The packages are installed on the host from the lockfile into
 * a staging folder, so the build fetches nothing.
 */
export async function ensurePreviewImage(log: (line: string) => void): Promise<string> {
  const tag = `${REPOSITORY}:${inputsHash()}`;
  if (await imageExists(tag)) return tag;
  const started = Date.now();
  say(`Preview image: building ${tag} (first run or docker/preview changed)...`);
  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(join(STAGE, 'work'), { recursive: true });
  for (const name of ['package.json', 'package-lock.json', 'Dockerfile', 'agent', 'placeholder']) cpSync(join(SOURCE, name), join(STAGE, name), { recursive: true });
  await stream('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts', '--no-workspaces'], { cwd: STAGE, log });
  const base = await pickBase(log);
  await stream('docker', ['build', '--quiet', '--build-arg', `NODE_BASE=${base}`, '-t', tag, '-t', `${REPOSITORY}:latest`, STAGE], { log });
  rmSync(STAGE, { recursive: true, force: true });
  await removeSupersededImages(tag);
  say(`Preview image: ${tag} built in ${((Date.now() - started) / 1000).toFixed(1)} s (Node base ${base})`);
  return tag;
}

/**
 * Each change to docker/preview makes a new ~240 MB image; the old ones serve no one once the new one is
 * built (a running stack keeps its image while its containers use it: docker refuses, and we let it).
 */
async function removeSupersededImages(current: string): Promise<void> {
  const { stdout } = await run('docker', ['images', REPOSITORY, '--format', '{{.Repository}}:{{.Tag}}']).catch(() => ({ stdout: '' }));
  const old = stdout.split('\n').filter((name) => name && name !== current && name !== `${REPOSITORY}:latest`);
  if (old.length) await run('docker', ['rmi', ...old]).catch(() => undefined);
}

/** Whether docker/preview/node_modules holds exactly the versions its package.json pins. */
function hostPackagesMatch(): boolean {
  const pkg = JSON.parse(readFileSync(join(SOURCE, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  return Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).every(([name, version]) => {
    const installed = join(SOURCE, 'node_modules', name, 'package.json');
    return existsSync(installed) && (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version === version;
  });
}

/**
 * The preview's packages installed on the host too, in docker/preview/node_modules: the local-process driver
 * runs from there, and the template tests build and type-check with exactly the image's packages.
 */
export async function ensureHostPreviewPackages(log: (line: string) => void): Promise<void> {
  if (hostPackagesMatch()) return;
  say('Preview packages: installing docker/preview/node_modules from its lockfile...');
  await stream('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts', '--no-workspaces'], { cwd: SOURCE, log });
}

/**
 * What the stack's apps need for previews: with a Docker engine, the image (built when its inputs changed)
 * and this stack's label; without one, the local-process driver, which runs the agent from docker/preview
 * with its packages installed there.
 */
export async function previewEnv(stackId: string, log: (line: string) => void): Promise<Record<string, string>> {
  const forced = process.env.PREVIEW_RUNTIME === 'process';
  // Either way the worker type-checks turns against the image's type definitions (docker/preview/node_modules)
  // and loads each turn's page in Chromium (the render check).
  await ensureHostPreviewPackages(log);
  const chromium = { CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? ensureCommand('chromium', 'chromium', 'or set RENDER_CHECK=false') };
  if (forced || !(await dockerAvailable())) {
    say(`Previews: ${forced ? 'PREVIEW_RUNTIME=process' : 'no Docker engine'}; using the local-process driver (NOT isolated: previews run as this user).`);
    return { PREVIEW_RUNTIME: 'process', PREVIEW_STACK_ID: stackId, ...chromium };
  }
  const image = await ensurePreviewImage(log);
  return { PREVIEW_RUNTIME: 'docker', PREVIEW_IMAGE: image, PREVIEW_STACK_ID: stackId, ...chromium };
}

/**
 * Stops every running (or paused) container of a stack: `./studio up` does it as it exits, so previews hold no
 * memory while the product is down. Their files are in the store; the worker restarts a stopped preview when it
 * is next opened (PreviewManager) and replaces a stopped warm one (DeadInstances). Returns how many it stopped.
 */
export async function stopStackContainers(stackId: string): Promise<number> {
  if (!(await dockerAvailable())) return 0;
  const withStatus = async (status: 'paused' | 'running') => {
    const { stdout } = await run('docker', ['ps', '-q', '--filter', `label=studio.stack=${stackId}`, '--filter', `status=${status}`]);
    return stdout.split('\n').filter(Boolean);
  };
  // A paused container must be thawed before it can take the stop signal.
  const paused = await withStatus('paused');
  if (paused.length) await run('docker', ['unpause', ...paused]);
  const running = await withStatus('running');
  if (running.length) await run('docker', ['stop', '--time', '5', ...running]);
  return running.length;
}

/** Removes every container a (test) stack left: the worker keeps previews across its own restarts on purpose. */
export async function removeStackContainers(stackId: string): Promise<void> {
  if (!(await dockerAvailable())) return;
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=studio.stack=${stackId}`]).catch(() => ({ stdout: '' }));
  const ids = stdout.split('\n').filter(Boolean);
  if (ids.length) await run('docker', ['rm', '-f', '-v', ...ids]).catch(() => undefined);
}
