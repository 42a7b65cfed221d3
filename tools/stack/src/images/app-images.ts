import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { StackError, say } from '../log.js';
import { ensureHostPreviewPackages } from '../preview-image.js';
import { ensureNodeBase } from './base-images.js';
import { imageExists, run, streamCommand } from './docker-cli.js';

/** The production images' tags (docker/app/Dockerfile's `api` and `worker` targets). */
export interface AppImages {
  api: string;
  worker: string;
}

const DOCKERFILE = 'docker/app/Dockerfile';
/** This recipe's revision (the staging below): part of the tags, so a change to it builds new images. */
const RECIPE_REVISION = 'r1';
const REPOSITORIES = { api: 'studio-api', worker: 'studio-worker' } as const;
/** The workspaces the images hold; the others (web, stack, model-server) are built or run on the host only. */
const IMAGE_APPS = ['api', 'worker'];
const libs = () => readdirSync('libs').filter((name) => existsSync(join('libs', name, 'package.json')));
const SKIPPED_DIRS = new Set(['node_modules', '.build', '.vite']);
/** What the type check reads of the preview image's packages: their manifests and type definitions. */
const TYPE_FILE = /(^package\.json|\.d\.[cm]?ts)$/;

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!SKIPPED_DIRS.has(name)) filesUnder(full, out);
    } else out.push(full);
  }
  return out;
}

/** Every file the images are made of (the built tree, the lockfile, templates, the Dockerfile), in a stable order. */
function inputFiles(): string[] {
  const files = [DOCKERFILE, 'package.json', 'package-lock.json', 'docker/preview/package.json', 'docker/preview/package-lock.json'];
  for (const app of IMAGE_APPS) files.push(join('apps', app, 'package.json'), ...filesUnder(join('apps', app, 'dist')));
  files.push(...filesUnder('apps/web/dist'));
  for (const lib of libs()) files.push(join('libs', lib, 'package.json'), ...filesUnder(join('libs', lib, 'dist')));
  return [...files, ...filesUnder('templates')];
}

/** The tags name a hash of everything that goes into the images and of the Node base's image id: an unchanged tree builds nothing. */
function inputsHash(baseId: string): string {
  const hash = createHash('sha256').update(RECIPE_REVISION).update(baseId);
  for (const file of inputFiles()) hash.update(file).update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

async function pickNodeBase(log: (line: string) => void): Promise<string> {
  const wanted = process.env.NODE_BASE;
  if (wanted) {
    if (!(await imageExists(wanted))) await streamCommand('docker', ['pull', wanted], { log, prefix: 'app-images' });
    return wanted;
  }
  // The official base when it is already here; otherwise the stand-in made without a registry.
  return (await imageExists('node:22-bookworm-slim')) ? 'node:22-bookworm-slim' : ensureNodeBase(log);
}

/** Copies a folder's files that match, keeping the layout (the preview packages' type definitions). */
function copyMatching(from: string, to: string, keep: RegExp): void {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const stat = statSync(source, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) copyMatching(source, join(to, name), keep);
    else if (keep.test(name)) {
      mkdirSync(to, { recursive: true });
      cpSync(source, join(to, name));
    }
  }
}

/** What no package reads at run time: source maps, type declarations (except the type checker's own, in typescript and @typescript) and markdown. */
const NOT_RUNTIME = /(\.map|\.d\.[cm]?ts|\.md)$/;
const KEEP_DECLARATIONS = new Set(['typescript', '@typescript']);

/** Removes those files from an installed node_modules (a third of its size). */
function pruneForRuntime(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!KEEP_DECLARATIONS.has(entry.name) || basename(dir) !== 'node_modules') pruneForRuntime(full);
    } else if (entry.isFile() && NOT_RUNTIME.test(entry.name)) rmSync(full);
  }
}

/**
 * The build context: the built apps and libs, the web client, templates, the preview packages' types, and
 * node_modules with the production dependencies only, installed from the lockfile with every workspace's
 * package.json present so that npm links node_modules/@studio/* as in the repository.
 */
async function stage(dir: string, log: (line: string) => void): Promise<void> {
  for (const file of ['package.json', 'package-lock.json']) cpSync(file, join(dir, file));
  const workspaces = ['apps', 'libs', 'tools'].flatMap((root) => readdirSync(root).map((name) => join(root, name))).filter((ws) => existsSync(join(ws, 'package.json')));
  for (const ws of workspaces) cpSync(join(ws, 'package.json'), join(dir, ws, 'package.json'), { recursive: true });
  // Not `npm ci`: the lockfile lacks other platforms' optional builds, which `npm ci` refuses (./studio says why).
  // No install scripts: the native addons the apps load (sharp, swc, lightningcss, msgpackr) come prebuilt.
  await streamCommand('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, log, prefix: 'app-images' });
  pruneForRuntime(join(dir, 'node_modules'));
  for (const ws of workspaces) {
    const [root, name] = ws.split('/');
    if (root === 'libs' || IMAGE_APPS.includes(name)) continue;
    rmSync(join(dir, ws), { recursive: true, force: true });
    rmSync(join(dir, 'node_modules/@studio', name), { force: true });
  }
  rmSync(join(dir, 'tools'), { recursive: true, force: true });
  for (const ws of workspaces.filter((ws) => ws.startsWith('libs/') || IMAGE_APPS.includes(basename(ws)))) cpSync(join(ws, 'dist'), join(dir, ws, 'dist'), { recursive: true });
  cpSync('apps/web/dist', join(dir, 'apps/web/dist'), { recursive: true });
  cpSync('templates', join(dir, 'templates'), { recursive: true, filter: (source) => !SKIPPED_DIRS.has(basename(source)) });
  await ensureHostPreviewPackages(log);
  cpSync('docker/preview/package.json', join(dir, 'docker/preview/package.json'), { recursive: true });
  copyMatching('docker/preview/node_modules', join(dir, 'docker/preview/node_modules'), TYPE_FILE);
  cpSync(DOCKERFILE, join(dir, 'Dockerfile'));
}

async function git(args: string[]): Promise<string> {
  return run('git', args).then(
    ({ stdout }) => stdout.trim(),
    () => '',
  );
}

async function removeSupersededImages(repository: string, current: string): Promise<void> {
  const { stdout } = await run('docker', ['images', repository, '--format', '{{.Repository}}:{{.Tag}}']).catch(() => ({ stdout: '' }));
  const old = stdout.split('\n').filter((name) => name && name !== current && name !== `${repository}:latest`);
  // An image a container still uses stays (docker refuses, and we let it).
  if (old.length) await run('docker', ['rmi', ...old]).catch(() => undefined);
}

/**
 * Builds the API (with the web client) and worker production images when their inputs changed, and returns
 * their tags. Needs the built tree (`./studio` builds before every command) and a Docker engine.
 */
export async function ensureAppImages(log: (line: string) => void): Promise<AppImages> {
  for (const built of ['apps/api/dist/main.js', 'apps/worker/dist/main.js', 'apps/web/dist/index.html']) {
    if (!existsSync(built)) throw new StackError(`${built} is missing: build the tree first (./studio builds it; npx nx run-many -t build).`);
  }
  const base = await pickNodeBase(log);
  const baseId = (await run('docker', ['image', 'inspect', '--format', '{{.Id}}', base])).stdout.trim();
  const hash = inputsHash(baseId);
  const tags: AppImages = { api: `${REPOSITORIES.api}:${hash}`, worker: `${REPOSITORIES.worker}:${hash}` };
  if ((await imageExists(tags.api)) && (await imageExists(tags.worker))) return tags;

  const started = Date.now();
  say(`App images: building ${tags.api} and ${tags.worker} on ${base} (first run or their inputs changed)...`);
  const dir = mkdtempSync(join(tmpdir(), 'studio-app-images-'));
  try {
    await stage(dir, log);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version?: string };
    const dirty = (await git(['status', '--porcelain'])) ? '-modified' : '';
    const labels = { NODE_BASE: base, VERSION: pkg.version ?? '0.0.0', REVISION: `${(await git(['rev-parse', 'HEAD'])) || 'unknown'}${dirty}`, SOURCE: await git(['remote', 'get-url', 'origin']) };
    const buildArgs = Object.entries(labels).flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]);
    for (const target of ['api', 'worker'] as const) {
      const latest = `${REPOSITORIES[target]}:latest`;
      await streamCommand('docker', ['build', '--target', target, ...buildArgs, '-t', tags[target], '-t', latest, dir], { log, prefix: `image ${target}` });
      await removeSupersededImages(REPOSITORIES[target], tags[target]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  say(`App images: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return tags;
}
