import { z } from 'zod';
import type { ErrorBody } from './errors.js';
import { text } from './text.js';

/**
 * Images and fonts a person brings (docs/API.md "Assets and uploads"). The browser sends the bytes straight to
 * the object store through a short-lived presigned PUT; the worker checks what arrived and either commits it
 * as project files under ASSET_DIR (purpose `asset`) or keeps it with the project for a chat message
 * (purpose `chat`).
 */

/** The folder a project's assets live in. Vite serves `public/` at `/`, so `public/assets/x.png` is `/assets/x.png`. */
export const ASSET_DIR = 'public/assets/';
/** The URL path a page uses for a file under ASSET_DIR. */
export const ASSET_URL_PREFIX = '/assets/';

/** The media types an upload may declare, and the extension each is stored with. */
export const UPLOAD_MEDIA_TYPES = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/gif': 'gif',
  'image/svg+xml': 'svg',
  'font/woff2': 'woff2',
} as const;
export type UploadMediaType = keyof typeof UPLOAD_MEDIA_TYPES;
export const UPLOAD_MEDIA_TYPE_LIST = Object.keys(UPLOAD_MEDIA_TYPES) as UploadMediaType[];
/** Media types a vision model can be shown (a chat picture); SVG and fonts are not pictures to a model. */
export const CHAT_IMAGE_MEDIA_TYPES: readonly UploadMediaType[] = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

export type UploadPurpose = 'asset' | 'chat';

/** Alt text: what a screen reader says for the image. Short, one line. */
export const MAX_ALT_CHARS = 300;

export const createUploadBodySchema = z.object({
  /** The file's name as the person had it (`Logo Final.PNG`); the stored path is made from it. */
  fileName: text().trim().min(1).max(200),
  contentType: z.enum(UPLOAD_MEDIA_TYPE_LIST as [UploadMediaType, ...UploadMediaType[]]),
  /** Bytes the browser will send; the presigned PUT is signed for exactly this length. */
  size: z.number().int().min(1),
  purpose: z.enum(['asset', 'chat']).default('asset'),
  alt: text().trim().max(MAX_ALT_CHARS).optional(),
  /** Purpose `asset`: an existing asset path (`public/assets/logo.png`) this upload replaces, same path, new bytes. */
  replaces: text().trim().min(1).max(256).optional(),
});
export type CreateUploadBody = z.infer<typeof createUploadBodySchema>;

/** What `POST /api/projects/:id/uploads` answers: where to PUT the bytes, and how. */
export interface UploadTicket {
  uploadId: string;
  /** Presigned URL of the object store; PUT the bytes there with exactly `headers`. */
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

export type UploadStatus = 'pending' | 'processing' | 'done' | 'refused' | 'expired';

/** `GET /api/projects/:id/uploads/:uploadId`, and what completing answers. */
export interface UploadView {
  id: string;
  projectId: string;
  purpose: UploadPurpose;
  fileName: string;
  contentType: UploadMediaType;
  size: number;
  status: UploadStatus;
  /** Status `refused`: why (a stable code: ASSET_TYPE_MISMATCH, IMAGE_TOO_LARGE, UPLOAD_TOO_LARGE...). */
  error?: ErrorBody;
  /** Purpose `asset`, status `done`: the version that added it, and the asset. */
  version?: number;
  asset?: AssetView;
  /** Purpose `chat`, status `done`: what a message can attach. */
  image?: { width: number; height: number; contentType: UploadMediaType };
  createdAt: string;
}

/** A web-sized copy of an image asset, made by the platform (WebP at a smaller width). */
export interface AssetVariantView {
  path: string;
  width: number;
  height: number;
  bytes: number;
}

/** One asset of a version (`GET /api/projects/:id/assets`). */
export interface AssetView {
  /** The project path (`public/assets/logo.png`). */
  path: string;
  /** What a page writes in `src` (`/assets/logo.png`). */
  url: string;
  kind: 'image' | 'font';
  contentType: UploadMediaType;
  bytes: number;
  /** Images: pixel size (an SVG's from its viewBox or width/height). */
  width?: number;
  height?: number;
  /** Images: `#rrggbb`, for a placeholder while it loads. */
  dominantColor?: string;
  alt: string;
  variants: AssetVariantView[];
}

export const updateAssetBodySchema = z.object({
  path: text().trim().min(1).max(256),
  alt: text().trim().max(MAX_ALT_CHARS),
});
export type UpdateAssetBody = z.infer<typeof updateAssetBodySchema>;

/** A picture on a chat message (`attachments` of the send-message body). */
export const messageAttachmentSchema = z.object({
  /** A `chat` upload of this project whose status is `done`. */
  uploadId: z.uuid(),
  /** `asset`: "use this on the page": the turn saves it as an asset in its own version, and the model is told its path. */
  use: z.enum(['reference', 'asset']).default('reference'),
});
export type MessageAttachment = z.infer<typeof messageAttachmentSchema>;
export const MAX_MESSAGE_ATTACHMENTS = 4;

/** A picture as the chat shows it and the turn sends it. */
export interface ChatAttachmentView {
  uploadId: string;
  fileName: string;
  contentType: UploadMediaType;
  width: number;
  height: number;
  use: 'reference' | 'asset';
  /** `use: asset`: the path the turn saved it under. */
  assetPath?: string;
  /** GET it (with the person's credential) to show it. */
  url: string;
}

/** Where a chat picture is read back (owner only). */
export const uploadContentUrl = (projectId: string, uploadId: string) => `/api/projects/${projectId}/uploads/${uploadId}/content`;
