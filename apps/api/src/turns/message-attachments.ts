import { Inject, Injectable } from '@nestjs/common';
import { type ChatAttachmentView, type MessageAttachment, uploadContentUrl } from '@studio/contracts';
import { type ChatUploadResult, type StoredChatAttachment, type UploadEntity, type UploadResult, UploadsRepository } from '@studio/data';
import { DomainError } from '../common/domain-error.js';

const isChatResult = (r: UploadResult | null): r is ChatUploadResult => r !== null && 'key' in r;

/**
 * The pictures of a message the person sends (docs/API.md "Chat turns"): each a `chat` upload of this project and
 * person whose bytes the worker has checked. Another person's upload, another project's and a missing one get
 * the same answer (UPLOAD_NOT_FOUND), so ids cannot be probed; one of theirs that is not ready is named.
 */
@Injectable()
export class MessageAttachments {
  constructor(@Inject(UploadsRepository) private readonly uploads: Pick<UploadsRepository, 'forIds'>) {}

  /** What the message stores for each attachment, in the order sent; throws the refusal of the first bad one. */
  async check(ownerId: string, projectId: string, attachments: readonly MessageAttachment[]): Promise<StoredChatAttachment[]> {
    if (!attachments.length) return [];
    const ids = attachments.map((a) => a.uploadId);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new DomainError('VALIDATION_FAILED', `Upload ${twice} is attached twice; attach each picture once.`, { fields: { attachments: 'the same upload twice' }, uploadId: twice });
    const found = new Map((await this.uploads.forIds(projectId, ids)).filter((u) => u.ownerId === ownerId).map((u) => [u.id, u]));
    return attachments.map((a) => stored(a, found.get(a.uploadId)));
  }
}

function stored(attachment: MessageAttachment, upload: UploadEntity | undefined): StoredChatAttachment {
  const { uploadId, use } = attachment;
  if (!upload) throw new DomainError('UPLOAD_NOT_FOUND', `No upload ${uploadId} in this project.`, { uploadId });
  if (upload.purpose !== 'chat') {
    throw new DomainError('VALIDATION_FAILED', `Upload ${uploadId} ("${upload.fileName}") is a project asset, not a chat picture; upload it with purpose "chat" to attach it.`, {
      fields: { attachments: 'not a chat upload' },
      uploadId,
    });
  }
  const result = upload.status === 'done' ? upload.result : null;
  if (!isChatResult(result)) {
    const why = upload.status === 'pending' || upload.status === 'processing' ? 'is not processed yet; attach it once it is done' : `was ${upload.status}; upload it again`;
    throw new DomainError('VALIDATION_FAILED', `Upload ${uploadId} ("${upload.fileName}") ${why}.`, { fields: { attachments: `upload ${upload.status}` }, uploadId, status: upload.status });
  }
  return { uploadId, fileName: upload.fileName, contentType: result.contentType, width: result.width, height: result.height, use };
}

/** A stored attachment as the chat shows it. */
export const attachmentView = (projectId: string, a: StoredChatAttachment): ChatAttachmentView => ({ ...a, url: uploadContentUrl(projectId, a.uploadId) });
