import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { StudioError } from '@studio/contracts';
import { type StoredChatAttachment, TurnsRepository, type UploadEntity, UploadsRepository } from '@studio/data';
import type { ObjectStore } from '@studio/files';
import type { ChatMessage, ImageMediaType, ImagePart } from '@studio/llm';
import { OBJECT_STORE } from '@studio/platform';
import type { TurnRun } from '../turn-run.js';

/** A picture the person's message of this turn carried, with the bytes the worker kept for it. */
export interface TurnPicture {
  attachment: StoredChatAttachment;
  bytes: Buffer;
}

// A chat picture is scaled to a model's size before it is kept (libs/assets chatImageMaxSide): far below this.
// The cap only stops a wrong key from pulling a huge object into the worker's memory.
const MAX_PICTURE_BYTES = 20 * 1024 * 1024;

/**
 * The pictures of the turn's message, read back from the object store before the model is called: a picture
 * that is no longer there fails the turn with a clear code instead of sending the model half the message.
 */
@Injectable()
export class AttachedPictures {
  constructor(
    @Inject(TurnsRepository) private readonly turns: Pick<TurnsRepository, 'attachmentsOf'>,
    @Inject(UploadsRepository) private readonly uploads: Pick<UploadsRepository, 'forIds'>,
    @Inject(OBJECT_STORE) private readonly objects: Pick<ObjectStore, 'get'>,
  ) {}

  async load(run: TurnRun): Promise<TurnPicture[]> {
    const { turn } = run;
    const attachments = await this.turns.attachmentsOf(turn);
    if (!attachments.length) return [];
    const uploads = new Map(
      (
        await this.uploads.forIds(
          turn.projectId,
          attachments.map((a) => a.uploadId),
        )
      ).map((u) => [u.id, u]),
    );
    const pictures: TurnPicture[] = [];
    for (const attachment of attachments) {
      const key = keyOf(uploads.get(attachment.uploadId));
      const stream = key ? await this.objects.get(key) : null;
      if (!stream) throw gone(attachment);
      pictures.push({ attachment, bytes: await readCapped(stream, MAX_PICTURE_BYTES, attachment) });
    }
    if (pictures.length) run.report.audit('pictures', { count: pictures.length, bytes: pictures.reduce((n, p) => n + p.bytes.length, 0) });
    return pictures;
  }
}

/** Where the worker kept a done chat upload's picture (an upload deleted since, or not a chat one, has none). */
function keyOf(upload: UploadEntity | undefined): string | null {
  const result = upload?.status === 'done' ? upload.result : null;
  return result && 'key' in result ? result.key : null;
}

const gone = (a: StoredChatAttachment) =>
  new StudioError('UPLOAD_NOT_FOUND', `The picture "${a.fileName}" attached to this message is no longer stored; attach it again and resend.`, { uploadId: a.uploadId });

async function readCapped(stream: Readable, cap: number, attachment: StoredChatAttachment): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += b.length;
    if (size > cap) {
      stream.destroy();
      throw new StudioError('UPLOAD_TOO_LARGE', `The picture "${attachment.fileName}" is larger than a chat picture can be.`, { uploadId: attachment.uploadId });
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

const MODEL_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] satisfies ImageMediaType[];
const isModelImageType = (t: string): t is ImageMediaType => MODEL_IMAGE_TYPES.includes(t);

/** The pictures as the model is shown them, in the order the person attached them. */
export function imagePartsOf(pictures: readonly TurnPicture[]): ImagePart[] {
  return pictures.map(({ attachment: a, bytes }) => {
    // The API only lets a `chat` upload be attached, and the worker only keeps those as one of these types.
    if (!isModelImageType(a.contentType)) throw new StudioError('ASSET_TYPE_MISMATCH', `"${a.fileName}" (${a.contentType}) is not a picture a model can be shown.`, { uploadId: a.uploadId });
    return { type: 'image', mediaType: a.contentType, data: bytes.toString('base64'), width: a.width, height: a.height };
  });
}

/**
 * An earlier message as the model sees it: its pictures are not sent again (each costs a thousand tokens or
 * more, and the model answered them already), only named, so "the screenshot I sent" still makes sense.
 */
export function withPictureNames(message: { role: 'user' | 'assistant'; content: string; attachments?: StoredChatAttachment[] | null }): ChatMessage & { content: string } {
  const names = (message.attachments ?? []).map((a) => `[picture: ${a.fileName}]`);
  return { role: message.role, content: names.length ? `${message.content}\n${names.join('\n')}` : message.content };
}
