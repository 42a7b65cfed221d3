import type { AssetVariantView, UploadMediaType } from '@studio/contracts';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { ProjectAssetEntity } from '../entities/project-asset.entity.js';

export interface AssetMetadata {
  projectId: string;
  sha256: string;
  path: string;
  kind: 'image' | 'font';
  contentType: UploadMediaType;
  bytes: number;
  width: number | null;
  height: number | null;
  dominantColor: string | null;
  alt: string;
  variants: AssetVariantView[];
}

/**
 * The metadata of a project's assets, by the hash of the stored bytes (`project_assets`). The worker writes it
 * when it stores an asset; the API joins a version's files to it by hash, and edits the alt text.
 */
export class ProjectAssetsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Stores the metadata; the same bytes stored again (a re-upload, a restore) take the newer metadata. */
  async upsert(row: AssetMetadata): Promise<void> {
    await this.db.query(
      `INSERT INTO project_assets (project_id, sha256, path, kind, content_type, bytes, width, height, dominant_color, alt, variants)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CAST($11 AS jsonb))
       ON CONFLICT (project_id, sha256) DO UPDATE SET
         path = EXCLUDED.path, kind = EXCLUDED.kind, content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes,
         width = EXCLUDED.width, height = EXCLUDED.height, dominant_color = EXCLUDED.dominant_color,
         alt = EXCLUDED.alt, variants = EXCLUDED.variants`,
      [row.projectId, row.sha256, row.path, row.kind, row.contentType, row.bytes, row.width, row.height, row.dominantColor, row.alt, JSON.stringify(row.variants)],
    );
  }

  /** The rows of these hashes in the project (missing ones are simply absent). */
  forHashes(projectId: string, sha256: string[]): Promise<ProjectAssetEntity[]> {
    if (sha256.length === 0) return Promise.resolve([]);
    return this.db.getRepository(ProjectAssetEntity).findBy({ projectId, sha256: In([...new Set(sha256)]) });
  }

  /** False when the project has no row for the hash. */
  async setAlt(projectId: string, sha256: string, alt: string): Promise<boolean> {
    const res = await this.db.getRepository(ProjectAssetEntity).update({ projectId, sha256 }, { alt });
    return Boolean(res.affected);
  }
}
