import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { progressReader, SITE_DIR, type SiteBuilder, type SiteBuildLimits, type SiteBuildResult, stripAnsi, tailOf } from '../site-builder.js';
import { siteBuildContainerSpec, WORK_DIR } from './container-spec.js';
import { filesOfTar, tarOf } from './tar.js';

// The container's user (siteBuildContainerSpec): it owns the files it builds beside.
const BUILD_USER = { uid: 10001, gid: 10001 };
// A landing page's dist is a few hundred KB; anything near this is not a landing page.
const MAX_OUTPUT_BYTES = 200 * 1024 * 1024;

export interface DockerSiteBuilderOptions {
  docker: Docker;
  image: string;
  stackId: string;
  limits: SiteBuildLimits;
  /** The same OCI runtime as previews (PREVIEW_OCI_RUNTIME). */
  ociRuntime: string;
}

/**
 * A static export's build in a throwaway container from the preview image: no network at all, read-only
 * root, the preview's limits and a deadline. Files go in and the site comes out through Docker's archive
 * API (no bind mount); the container is removed whatever happens.
 */
export class DockerSiteBuilder implements SiteBuilder {
  readonly kind = 'docker' as const;

  constructor(private readonly opts: DockerSiteBuilderOptions) {}

  async build(files: Map<string, Buffer>, onProgress: (fraction: number) => void): Promise<SiteBuildResult> {
    const { docker, image, stackId, limits, ociRuntime } = this.opts;
    const name = `studio-build-${stackId}-${randomBytes(5).toString('hex')}`;
    const container = await docker.createContainer(siteBuildContainerSpec({ image, stackId, name, siteDir: SITE_DIR, limits, ociRuntime }));
    try {
      await container.putArchive(tarOf(files, BUILD_USER), { path: `${WORK_DIR}/${SITE_DIR}` });
      const stream = await container.attach({ stream: true, stdout: true, stderr: true });
      const out = new PassThrough();
      const err = new PassThrough();
      container.modem.demuxStream(stream, out, err);
      let stderr = '';
      out.on('data', progressReader(onProgress));
      err.on('data', (chunk: Buffer) => (stderr = tailOf(stderr + chunk.toString(), 64_000)));
      await container.start();
      const deadline = setTimeout(() => void container.kill().catch(() => undefined), limits.timeoutSeconds * 1000);
      const { StatusCode: code } = (await container.wait()) as { StatusCode: number };
      clearTimeout(deadline);
      if (code !== 0) {
        const state = (await container.inspect()).State;
        const why = state.OOMKilled ? `The build ran out of memory (${limits.memoryMb} MB).\n` : code === 137 ? `The build took longer than ${limits.timeoutSeconds} s and was stopped.\n` : '';
        return { ok: false, output: tailOf(stripAnsi(`${why}${stderr}`).trim() || `vite build exited with ${code}`) };
      }
      const dist = await container.getArchive({ path: `${WORK_DIR}/${SITE_DIR}/dist` });
      return { ok: true, files: await filesOfTar(dist, MAX_OUTPUT_BYTES) };
    } finally {
      // Not awaited: the result does not wait on the engine's clean-up (the stack's reaper finds any leftover by label).
      void container.remove({ force: true, v: true }).catch(() => undefined);
    }
  }
}
