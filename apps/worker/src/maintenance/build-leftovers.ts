import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folders the process site builder makes (libs/containers ProcessSiteBuilder: `studio-build-*`). */
const BUILD_DIR = /^studio-build-/;

/**
 * Build folders a worker left in the temporary directory when it died mid-build (a live build removes its
 * own when it ends). Only folders older than `olderThanSeconds` go: no build runs that long.
 */
export class BuildLeftovers {
  constructor(
    private readonly olderThanSeconds: number,
    private readonly root = tmpdir(),
  ) {}

  async remove(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.root).catch(() => [] as string[])) {
      if (!BUILD_DIR.test(name)) continue;
      const path = join(this.root, name);
      const info = await stat(path).catch(() => null);
      if (!info?.isDirectory() || now - info.mtimeMs < this.olderThanSeconds * 1000) continue;
      await rm(path, { recursive: true, force: true });
      removed++;
    }
    return removed;
  }
}
