import type { Readable } from 'node:stream';
import type { SiteBuilder } from '@studio/containers';
import { type FileStore, zipFiles } from '@studio/files';

/** What the export job makes: the zip's bytes, or the build's error output when the code does not build. */
export type ExportOutcome = { ok: true; zip: Buffer } | { ok: false; output: string };

const collect = async (stream: Readable): Promise<Buffer> => Buffer.concat((await stream.toArray()) as Buffer[]);

/**
 * The two kinds of export (docs/API.md "Exports"). `source`: the version's files as they are in the store,
 * binaries included; no preview or build involved. `static`: the version built by `vite build` in an
 * isolated container, and its dist/ zipped. `onProgress` gets 0 to 1 over the whole job but the upload.
 */
export class ExportBuilder {
  constructor(
    private readonly files: FileStore,
    private readonly sites: SiteBuilder,
  ) {}

  async source(projectId: string, version: number, onProgress: (fraction: number) => void): Promise<ExportOutcome> {
    const { stream } = await this.files.zip(projectId, version, (done, total) => onProgress(done / total));
    return { ok: true, zip: await collect(stream) };
  }

  async static(projectId: string, version: number, onProgress: (fraction: number) => void): Promise<ExportOutcome> {
    const files = await this.files.readAll(projectId, version);
    onProgress(0.1);
    const built = await this.sites.build(files, (f) => onProgress(0.1 + f * 0.8));
    if (!built.ok) return built;
    const zip = await collect(zipFiles(built.files));
    onProgress(0.95);
    return { ok: true, zip };
  }
}
