import { Inject, Injectable } from '@nestjs/common';
import { isVariantPath, variantsOf } from '@studio/assets';
import type { AssetView, NewVersionView } from '@studio/contracts';
import { ProjectAssetsRepository } from '@studio/data';
import type { FileStore } from '@studio/files';
import { FILE_STORE } from '@studio/platform';
import { DomainError } from '../common/domain-error.js';
import { FileWriteLimit } from '../files/file-write-limit.js';
import { HeadMoved } from '../files/head-moved.js';
import { ProtectedChanges } from '../files/protected-changes.js';
import { ProjectsService } from '../projects/projects.service.js';
import { assetHashes, type ListedFile, listAssets } from './asset-listing.js';

/**
 * A version's assets (docs/API.md "Assets and uploads"): its files under ASSET_DIR joined to their metadata
 * by hash, alt text edits (metadata only, no version), and deleting an asset with its variants (a version).
 */
@Injectable()
export class AssetsService {
  constructor(
    private readonly projects: ProjectsService,
    @Inject(FILE_STORE) private readonly files: FileStore,
    private readonly metadata: ProjectAssetsRepository,
    private readonly headMoved: HeadMoved,
    private readonly writeLimit: FileWriteLimit,
    private readonly protectedChanges: ProtectedChanges,
  ) {}

  async list(ownerId: string, projectId: string, version?: number): Promise<AssetView[]> {
    const project = await this.projects.getOwned(ownerId, projectId);
    return (await this.listed(project.id, version)).assets;
  }

  /** The asset at `path` of a version, or null when the version has no asset original there. */
  async assetAt(projectId: string, version: number, path: string): Promise<AssetView | null> {
    return (await this.listed(projectId, version)).assets.find((a) => a.path === path) ?? null;
  }

  /** Whether the head has an asset original at `path` (what an upload may replace). */
  async headHasAsset(projectId: string, path: string): Promise<boolean> {
    return (await this.listed(projectId)).assets.some((a) => a.path === path && !isVariantPath(a.path));
  }

  /** Alt text belongs to the bytes (by hash): the same image elsewhere, or restored later, says the same. */
  async setAlt(ownerId: string, projectId: string, path: string, alt: string): Promise<AssetView> {
    const project = await this.projects.getOwned(ownerId, projectId);
    const { files, assets } = await this.listed(project.id);
    const asset = assets.find((a) => a.path === path);
    const file = files.find((f) => f.path === path);
    if (!asset || !file) throw notFound(path);
    if (!(await this.metadata.setAlt(project.id, file.sha256, alt))) {
      // A file with no metadata yet (the model wrote it): what the listing could say, and now its alt.
      await this.metadata.upsert({
        projectId: project.id,
        sha256: file.sha256,
        path,
        kind: asset.kind,
        contentType: asset.contentType,
        bytes: asset.bytes,
        width: asset.width ?? null,
        height: asset.height ?? null,
        dominantColor: asset.dominantColor ?? null,
        alt,
        variants: [],
      });
    }
    return { ...asset, alt };
  }

  /** One version deleting the asset and its variants, through the rules every person's edit meets. */
  async remove(ownerId: string, projectId: string, path: string, baseVersion?: number): Promise<NewVersionView> {
    const project = await this.projects.getOwned(ownerId, projectId);
    const base = baseVersion ?? project.headVersion;
    const { files, assets } = await this.listed(project.id, base);
    if (!assets.some((a) => a.path === path)) throw notFound(path);
    const doomed = [
      path,
      ...variantsOf(
        path,
        files.map((f) => f.path),
      ),
    ];
    for (const p of doomed) await this.protectedChanges.check(project.id, base, { action: 'delete', path: p });
    const name = path.slice(path.lastIndexOf('/') + 1);
    const result = await this.writeLimit.spend(ownerId, () =>
      this.files.commit(
        project.id,
        base,
        doomed.map((p) => ({ action: 'delete' as const, path: p })),
        { source: 'user', message: `Deleted asset ${name}` },
      ),
    );
    this.headMoved.announce(project, result.version, 'user');
    return result;
  }

  private async listed(projectId: string, version?: number): Promise<{ files: ListedFile[]; assets: AssetView[] }> {
    const files = await this.files.listFiles(projectId, version);
    const rows = await this.metadata.forHashes(projectId, assetHashes(files));
    return { files, assets: listAssets(files, rows) };
  }
}

const notFound = (path: string) => new DomainError('ASSET_NOT_FOUND', 'No asset at this path in this version.', { path });
