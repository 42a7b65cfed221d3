import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ProcessedUpload } from '@studio/assets';
import { ASSET_DIR, ASSET_URL_PREFIX, type AssetVariantView, type UploadMediaType } from '@studio/contracts';
import { ProjectAssetsRepository, TurnsRepository } from '@studio/data';
import { sha256Hex } from '@studio/files';
import type { AcceptedChange, WorkingTree } from '@studio/validation';
import { assetMetadata } from '../../assets/asset-changes.js';
import type { TurnRun } from '../turn-run.js';
import type { TurnPicture } from './attached-pictures.js';

/**
 * What the stage needs of libs/assets: a picture made an asset (with its variants), free paths for it, and alt
 * text from its name. Injected (asset-maker.ts), so the stage runs in tests without decoding images.
 */
export interface AssetMaker {
  process(bytes: Buffer, contentType: UploadMediaType): Promise<ProcessedUpload>;
  /** Project paths for the original and each variant (in `processed.variants` order), none of them in `taken`. */
  paths(fileName: string, processed: ProcessedUpload, taken: ReadonlySet<string>): { original: string; variants: string[] };
  /** Alt text when the person gave none (`team-photo.jpg` → `Team photo`). */
  alt(fileName: string): string;
}
export const ASSET_MAKER = Symbol('ASSET_MAKER');

/** What a page writes in `src` for a file under ASSET_DIR (`public/assets/logo.png` → `/assets/logo.png`). */
const urlOf = (path: string) => `${ASSET_URL_PREFIX}${path.slice(ASSET_DIR.length)}`;

/** A picture of the message saved as an asset of this turn. */
export interface StagedAsset {
  uploadId: string;
  fileName: string;
  /** Project path (`public/assets/logo.png`) and what a page writes (`/assets/logo.png`). */
  path: string;
  url: string;
  processed: ProcessedUpload;
  variants: AssetVariantView[];
}

export interface StagedAssets {
  assets: StagedAsset[];
  /** The writes of the originals and their variants, committed in the turn's version with the model's changes. */
  changes: AcceptedChange[];
}

/**
 * "Use this logo": a picture the person marked `use: asset` becomes an asset inside the turn (docs/ARCHITECTURE.md
 * "Assets"). Before the model is called its cleaned chat copy is made an asset with its variants (libs/assets),
 * under paths free in the turn's base, and written into the turn's working tree like the model's own writes:
 * the validator sees the path, the preview gets the bytes, and the turn's one version commits them together.
 * The model is told where it is. Once the version lands, the asset's metadata is stored and the path recorded
 * on the message.
 */
@Injectable()
export class AttachedAssets {
  private readonly logger = new Logger(AttachedAssets.name);

  constructor(
    @Inject(ASSET_MAKER) private readonly maker: AssetMaker,
    @Inject(ProjectAssetsRepository) private readonly metadata: Pick<ProjectAssetsRepository, 'upsert'>,
    @Inject(TurnsRepository) private readonly turns: Pick<TurnsRepository, 'recordAssetPaths'>,
  ) {}

  /** Writes the pictures marked `use: asset` into `tree`; returns them and the changes that commit them. */
  async stage(run: TurnRun, pictures: readonly TurnPicture[], tree: WorkingTree): Promise<StagedAssets> {
    const staged: StagedAssets = { assets: [], changes: [] };
    const taken = new Set(tree.paths());
    for (const { attachment, bytes } of pictures) {
      if (attachment.use !== 'asset') continue;
      const processed = await this.maker.process(bytes, attachment.contentType);
      const paths = this.maker.paths(attachment.fileName, processed, taken);
      const variants: AssetVariantView[] = [];
      const write = (path: string, content: Buffer) => {
        taken.add(path);
        tree.write(path, content);
        staged.changes.push({ change: { action: 'write', path, content }, view: { action: 'write', path } });
      };
      write(paths.original, processed.bytes);
      processed.variants.forEach((v, i) => {
        const path = paths.variants[i];
        write(path, v.bytes);
        variants.push({ path, width: v.width, height: v.height, bytes: v.bytes.length });
      });
      staged.assets.push({ uploadId: attachment.uploadId, fileName: attachment.fileName, path: paths.original, url: urlOf(paths.original), processed, variants });
    }
    if (staged.assets.length) run.report.audit('assets-staged', { paths: staged.changes.map((c) => c.change.path) });
    return staged;
  }

  /** What the model is told about the pictures it should put on the page (the dynamic end of the prompt). */
  note(staged: StagedAssets): string {
    return staged.assets
      .map((a) => {
        const size = a.processed.width && a.processed.height ? ` (${a.processed.width}×${a.processed.height})` : '';
        return `The person attached ${a.fileName}: it is saved as ${a.url}${size}; use it where they asked.`;
      })
      .join('\n');
  }

  /**
   * The version that holds the assets landed: their metadata is stored (by the bytes' hash, so a later
   * restore keeps it) and the message says where each picture went. The version is already the truth; if
   * this fails, the turn still completed, and the asset lists without its metadata, so it is logged, not thrown.
   */
  async committed(run: TurnRun, staged: StagedAssets): Promise<void> {
    if (!staged.assets.length) return;
    const { projectId } = run.turn;
    try {
      for (const a of staged.assets) {
        await this.metadata.upsert(assetMetadata(a.processed, { projectId, sha256: sha256Hex(a.processed.bytes), path: a.path, alt: this.maker.alt(a.fileName), variants: a.variants }));
      }
      await this.turns.recordAssetPaths(run.turn, new Map(staged.assets.map((a) => [a.uploadId, a.path])));
    } catch (err) {
      this.logger.error(`asset metadata of turn ${run.turn.id}: ${err}`);
      run.report.audit('assets-metadata-failed', { message: String(err) });
    }
  }
}

/**
 * What the turn commits, in order: the staged assets, then the model's changes (which apply on top: a delete or
 * rename of an asset's path acts on the staged file). An asset the model wrote over is left out, so the version
 * lists each written path once.
 */
export function withAssets(staged: StagedAssets, net: readonly AcceptedChange[]): AcceptedChange[] {
  const written = new Set(net.flatMap((a) => (a.change.action === 'write' ? [a.change.path] : [])));
  return [...staged.changes.filter((c) => !written.has(c.change.path)), ...net];
}
