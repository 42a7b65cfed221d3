import type { AssetView, UploadView } from '@studio/contracts';
import type { AssetUploadResult, ChatUploadResult, UploadEntity } from '@studio/data';

const isChatResult = (r: UploadEntity['result']): r is ChatUploadResult => r !== null && 'key' in r;
const isAssetResult = (r: UploadEntity['result']): r is AssetUploadResult => r !== null && 'version' in r;

/** The version and path a done asset upload was committed at (null for anything else). */
export const assetResultOf = (u: UploadEntity): AssetUploadResult | null => (u.purpose === 'asset' && u.status === 'done' && isAssetResult(u.result) ? u.result : null);

/** The stored picture of a done chat upload (null for anything else). */
export const chatResultOf = (u: UploadEntity): ChatUploadResult | null => (u.purpose === 'chat' && u.status === 'done' && isChatResult(u.result) ? u.result : null);

/** An upload as the API shows it; `asset` is the committed asset as its version lists it, when there is one. */
export function toUploadView(u: UploadEntity, asset?: AssetView): UploadView {
  const done = assetResultOf(u);
  const picture = chatResultOf(u);
  return {
    id: u.id,
    projectId: u.projectId,
    purpose: u.purpose,
    fileName: u.fileName,
    contentType: u.contentType,
    size: u.declaredSize,
    status: u.status,
    ...(u.status === 'refused' && u.error ? { error: u.error } : {}),
    ...(done ? { version: done.version } : {}),
    ...(done && asset ? { asset } : {}),
    ...(picture ? { image: { width: picture.width, height: picture.height, contentType: picture.contentType } } : {}),
    createdAt: u.createdAt.toISOString(),
  };
}
