import type { MessageAttachment } from '@studio/contracts';
import { StudioError } from '@studio/contracts';
import { UploadEntity } from '@studio/data';
import { attachmentView, MessageAttachments } from './message-attachments.js';

const ME = 'user-1';
const PROJECT = 'project-1';
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

function upload(n: number, overrides: Partial<UploadEntity> = {}): UploadEntity {
  return Object.assign(new UploadEntity(), {
    id: id(n),
    ownerId: ME,
    projectId: PROJECT,
    purpose: 'chat',
    fileName: `shot-${n}.png`,
    contentType: 'image/png',
    status: 'done',
    result: { key: `projects/${PROJECT}/chat/${id(n)}.webp`, width: 800 + n, height: 600, contentType: 'image/webp' },
    ...overrides,
  });
}

/** The repository answers only the project's uploads, as the real one does. */
function attachments(rows: UploadEntity[]) {
  return new MessageAttachments({ forIds: async (projectId, ids) => rows.filter((u) => u.projectId === projectId && ids.includes(u.id)) });
}

async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof StudioError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err.toBody();
}

const send = (...list: [number, MessageAttachment['use']?][]): MessageAttachment[] => list.map(([n, use]) => ({ uploadId: id(n), use: use ?? 'reference' }));

describe('MessageAttachments', () => {
  it('stores each picture as the worker made it, in the order sent, with its use', async () => {
    const stored = await attachments([upload(1), upload(2)]).check(ME, PROJECT, send([2, 'asset'], [1]));
    expect(stored).toEqual([
      { uploadId: id(2), fileName: 'shot-2.png', contentType: 'image/webp', width: 802, height: 600, use: 'asset' },
      { uploadId: id(1), fileName: 'shot-1.png', contentType: 'image/webp', width: 801, height: 600, use: 'reference' },
    ]);
    expect(attachmentView(PROJECT, stored[0]).url).toBe(`/api/projects/${PROJECT}/uploads/${id(2)}/content`);
  });

  it('answers UPLOAD_NOT_FOUND alike for a missing upload, another person’s and another project’s', async () => {
    const rows = [upload(1, { ownerId: 'user-2' }), upload(2, { projectId: 'project-2' })];
    for (const n of [1, 2, 3]) {
      const r = await refusal(attachments(rows).check(ME, PROJECT, send([n])));
      expect(r).toEqual({ code: 'UPLOAD_NOT_FOUND', message: `No upload ${id(n)} in this project.`, details: { uploadId: id(n) } });
    }
  });

  it('names an upload that is not done yet, or not a chat picture, with VALIDATION_FAILED', async () => {
    const pending = await refusal(attachments([upload(1, { status: 'processing', result: null })]).check(ME, PROJECT, send([1])));
    expect(pending).toMatchObject({ code: 'VALIDATION_FAILED', details: { uploadId: id(1), status: 'processing' } });
    expect(pending.message).toContain('shot-1.png');
    expect(pending.message).toContain('not processed yet');
    const refused = await refusal(attachments([upload(1, { status: 'refused', result: null })]).check(ME, PROJECT, send([1])));
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', details: { status: 'refused' } });
    const asset = await refusal(attachments([upload(1, { purpose: 'asset', result: { version: 4, path: 'public/assets/shot-1.png' } })]).check(ME, PROJECT, send([1])));
    expect(asset).toMatchObject({ code: 'VALIDATION_FAILED', details: { uploadId: id(1) } });
    expect(asset.message).toContain('not a chat picture');
  });

  it('refuses the same upload twice in one message', async () => {
    const r = await refusal(attachments([upload(1)]).check(ME, PROJECT, send([1], [1, 'asset'])));
    expect(r).toMatchObject({ code: 'VALIDATION_FAILED', details: { uploadId: id(1) } });
    expect(r.message).toContain('attached twice');
  });

  it('asks nothing of the store for a message without pictures', async () => {
    const none = new MessageAttachments({
      forIds: async () => {
        throw new Error('not asked');
      },
    });
    expect(await none.check(ME, PROJECT, [])).toEqual([]);
  });
});
