import type { Env } from '@studio/config';
import { CHAT_IMAGE_MEDIA_TYPES, type CreateUploadBody } from '@studio/contracts';
import { DomainError } from '../common/domain-error.js';

type Limits = Pick<Env, 'ASSET_MAX_IMAGE_BYTES' | 'ASSET_MAX_FONT_BYTES'>;

/** The most bytes an upload of this type may declare. */
export const maxUploadBytes = (contentType: CreateUploadBody['contentType'], limits: Limits) => (contentType === 'font/woff2' ? limits.ASSET_MAX_FONT_BYTES : limits.ASSET_MAX_IMAGE_BYTES);

/**
 * What can be refused from the request alone, before any row or URL exists: a chat picture a model cannot be
 * shown, a `replaces` on a chat picture, a size past the type's limit.
 */
export function checkUploadRequest(body: CreateUploadBody, limits: Limits): void {
  if (body.purpose === 'chat' && !CHAT_IMAGE_MEDIA_TYPES.includes(body.contentType)) {
    throw new DomainError('UPLOAD_TYPE_NOT_ALLOWED', `A chat picture must be one of ${CHAT_IMAGE_MEDIA_TYPES.join(', ')}.`, {
      contentType: body.contentType,
      allowed: [...CHAT_IMAGE_MEDIA_TYPES],
    });
  }
  if (body.purpose === 'chat' && body.replaces !== undefined) {
    throw new DomainError('VALIDATION_FAILED', 'Only an asset upload can replace an asset.', { fields: { replaces: 'only with purpose asset' } });
  }
  const limit = maxUploadBytes(body.contentType, limits);
  if (body.size > limit) {
    throw new DomainError('UPLOAD_TOO_LARGE', `This file is ${body.size} bytes; the most for ${body.contentType} is ${limit}.`, { size: body.size, limit });
  }
}

/** `projects/<projectId>/uploads/<uploadId>`: under the project's prefix, so a project purge removes it. */
export const uploadObjectKey = (projectId: string, uploadId: string) => `projects/${projectId}/uploads/${uploadId}`;
