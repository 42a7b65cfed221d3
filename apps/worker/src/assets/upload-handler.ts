import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AssetLimits, ProcessedUpload } from '@studio/assets';
import { type ErrorBody, StudioError, type UploadMediaType, type UploadPurpose } from '@studio/contracts';
import { type ProjectAssetsRepository, type UploadEntity, UploadsRepository } from '@studio/data';
import { applyChanges, commitRebasing, type FileStore, type ObjectStore, type PreparedChange, projectPrefix, sha256Hex } from '@studio/files';
import { FILE_STORE, OBJECT_STORE, PROJECT_EVENTS, type ProjectEventBus } from '@studio/platform';
import type { EntityManager } from 'typeorm';
import { WebhookPublisher } from '../webhooks/webhook-publisher.js';
import { type AssetPlan, assetMetadata, planAssetChanges, suggestedAlt } from './asset-changes.js';
import { readCapped } from './capped-read.js';
import { PreviewFollower } from './preview-follower.js';

/** libs/assets' one entry point, injected so the handler's branches can be tested without real images. */
export type CheckUpload = (bytes: Buffer, declared: UploadMediaType, purpose: UploadPurpose, limits: AssetLimits) => Promise<ProcessedUpload>;
export const CHECK_UPLOAD = Symbol('CHECK_UPLOAD');
export const ASSET_LIMITS = Symbol('ASSET_LIMITS');

/** The rows an asset commit writes inside its version's transaction, so they land with the version or not at all. */
export interface AssetRowsInTx {
  uploads: Pick<UploadsRepository, 'markDone'>;
  assets: Pick<ProjectAssetsRepository, 'upsert'>;
}
export type RowsWithin = (tx: EntityManager) => AssetRowsInTx;
export const ROWS_WITHIN = Symbol('ROWS_WITHIN');

/** What processing an upload came to (the job's result, in the logs). */
export type UploadOutcome = { skipped: string } | { done: 'asset'; version: number; path: string } | { done: 'chat'; key: string } | { refused: string };

/** Thrown inside the commit's transaction when the upload is no longer ours to finish: the version must not land. */
class AlreadyFinished extends Error {}

/** Where a chat picture is kept: beside the project's other objects, so purging the project removes it. */
export const chatPictureKey = (projectId: string, uploadId: string, ext: string) => `${projectPrefix(projectId)}chat/${uploadId}.${ext}`;

/**
 * The `upload.process` job (docs/ARCHITECTURE.md "Assets"): reads what the browser put in the object store
 * (never more than it declared), has libs/assets check and clean it, and keeps the result: an asset as one
 * `source: "user"` version with its variants and metadata, or a chat picture under the project. A refusal is
 * final and leaves nothing; a store or database failure is thrown, so the queue tries again. The uploaded
 * object is deleted once the upload is done or refused, never before (a retry reads it again).
 */
@Injectable()
export class UploadHandler {
  private readonly logger = new Logger(UploadHandler.name);

  constructor(
    @Inject(ROWS_WITHIN) private readonly within: RowsWithin,
    @Inject(UploadsRepository) private readonly uploads: Pick<UploadsRepository, 'find' | 'markDone' | 'markRefused'>,
    @Inject(FILE_STORE) private readonly files: Pick<FileStore, 'head' | 'manifest' | 'prepare' | 'finalize' | 'changedSince' | 'limits'>,
    @Inject(OBJECT_STORE) private readonly objects: Pick<ObjectStore, 'get' | 'put' | 'delete'>,
    @Inject(PROJECT_EVENTS) private readonly events: Pick<ProjectEventBus, 'publish'>,
    @Inject(WebhookPublisher) private readonly webhooks: Pick<WebhookPublisher, 'publish'>,
    @Inject(PreviewFollower) private readonly previews: Pick<PreviewFollower, 'follow'>,
    @Inject(CHECK_UPLOAD) private readonly check: CheckUpload,
    @Inject(ASSET_LIMITS) private readonly limits: AssetLimits,
  ) {}

  async process(uploadId: string, requestId?: string): Promise<UploadOutcome> {
    const upload = await this.uploads.find(uploadId);
    if (!upload) return { skipped: 'gone' };
    if (upload.status !== 'processing') {
      // A retry of a finished upload: nothing to do but make sure its uploaded object is gone.
      if (upload.status === 'done' || upload.status === 'refused') await this.objects.delete(upload.objectKey);
      return { skipped: upload.status };
    }
    const read = await readCapped(await this.objects.get(upload.objectKey), upload.declaredSize);
    if (read.kind === 'missing') return this.refuse(upload, new StudioError('UPLOAD_INCOMPLETE', 'The uploaded file is no longer in the store; upload it again.'));
    if (read.kind === 'too-large') {
      return this.refuse(upload, new StudioError('UPLOAD_TOO_LARGE', `More bytes arrived than the ${upload.declaredSize} the upload declared.`, { declared: upload.declaredSize }));
    }
    let processed: ProcessedUpload;
    try {
      processed = await this.check(read.bytes, upload.contentType, upload.purpose, this.limits);
    } catch (err) {
      if (err instanceof StudioError) return this.refuse(upload, err);
      throw err;
    }
    return upload.purpose === 'chat' ? this.keepChatPicture(upload, processed) : this.commitAsset(upload, processed, requestId);
  }

  private async commitAsset(upload: UploadEntity, processed: ProcessedUpload, requestId?: string): Promise<UploadOutcome> {
    const { projectId } = upload;
    const base = await this.files.head(projectId);
    const manifest = await this.files.manifest(projectId, base);
    let plan: AssetPlan;
    try {
      plan = planAssetChanges(manifest, upload, processed, this.limits.variantWidths);
      // The project's own limits (file size, file count, total bytes) are checked before any blob is written,
      // so a refusal leaves no orphan blob behind. The hashes here are the ones prepare() will store under.
      applyChanges(manifest, plan.changes.map(preparedLocally), this.files.limits);
    } catch (err) {
      if (err instanceof StudioError) return this.refuse(upload, err);
      throw err;
    }
    const sha256 = sha256Hex(processed.bytes);
    const prepared = await this.files.prepare(projectId, plan.changes);
    const message = plan.replaced ? `Replaced asset ${plan.path}` : `Added asset ${upload.fileName}`;
    const result = { path: plan.path };
    let version: number;
    try {
      ({ version } = await commitRebasing(
        this.files,
        projectId,
        base,
        prepared,
        { source: 'user', message },
        {
          // The metadata and the upload's `done` land with the version or not at all: a retry after a crash
          // finds the upload done and commits nothing twice.
          alongside: async (tx, landed) => {
            const rows = this.within(tx);
            if (!(await rows.uploads.markDone(upload.id, { version: landed, ...result }, plan.storedBytes))) throw new AlreadyFinished();
            await rows.assets.upsert(assetMetadata(processed, { projectId, sha256, path: plan.path, alt: upload.alt ?? suggestedAlt(upload.fileName), variants: plan.variants }));
          },
        },
      ));
    } catch (err) {
      if (err instanceof AlreadyFinished) return { skipped: 'finished elsewhere' };
      // VERSION_CONFLICT here means someone wrote this very path meanwhile: the retry picks a free one.
      throw err;
    }
    await this.objects.delete(upload.objectKey);
    // What follows any new head: the preview serves it, webhooks hear of it, the client is told.
    this.previews.follow(projectId, requestId);
    this.webhooks.publish(upload.ownerId, 'project.version.created', { projectId, version, source: 'user' }, requestId);
    await this.events.publish(projectId, 'upload:processed', { uploadId: upload.id, status: 'done', version, path: plan.path });
    return { done: 'asset', version, path: plan.path };
  }

  private async keepChatPicture(upload: UploadEntity, processed: ProcessedUpload): Promise<UploadOutcome> {
    const key = chatPictureKey(upload.projectId, upload.id, processed.ext);
    // Overwrites the same key on a retry: idempotent.
    await this.objects.put(key, processed.bytes, { contentType: processed.contentType, contentLength: processed.bytes.length });
    const result = { key, width: processed.width ?? 0, height: processed.height ?? 0, contentType: processed.contentType };
    if (!(await this.uploads.markDone(upload.id, result, processed.bytes.length))) return { skipped: 'finished elsewhere' };
    await this.objects.delete(upload.objectKey);
    await this.events.publish(upload.projectId, 'upload:processed', { uploadId: upload.id, status: 'done' });
    return { done: 'chat', key };
  }

  /** Final: the upload is refused with the check's code, its bytes are deleted, and nothing else was written. */
  private async refuse(upload: UploadEntity, err: StudioError): Promise<UploadOutcome> {
    const error: ErrorBody = err.toBody();
    this.logger.log({ msg: 'upload refused', uploadId: upload.id, code: error.code });
    await this.uploads.markRefused(upload.id, error);
    await this.objects.delete(upload.objectKey);
    await this.events.publish(upload.projectId, 'upload:processed', { uploadId: upload.id, status: 'refused', error });
    return { refused: error.code };
  }

  /** The last attempt failed for a reason that is not the upload's: it is refused so it does not stay `processing`. */
  async giveUp(uploadId: string, err: unknown): Promise<void> {
    const upload = await this.uploads.find(uploadId);
    if (upload?.status !== 'processing') return;
    await this.refuse(upload, new StudioError('INTERNAL', `The upload could not be processed: ${(err as Error)?.message ?? err}`));
  }
}

/** The prepared form of a change without storing anything: what applyChanges checks limits on. */
function preparedLocally(change: AssetPlan['changes'][number]): PreparedChange {
  return change.action === 'write' ? { action: 'write', path: change.path, sha256: sha256Hex(change.content), size: change.content.length } : change;
}
