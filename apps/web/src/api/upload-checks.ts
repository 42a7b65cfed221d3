import type { ErrorCode, UploadMediaType, UploadPurpose, UploadView } from '@studio/contracts';

/**
 * The browser's early word on a file, before anything is sent: the right kind and not too big. Only a
 * courtesy (the API and the worker decide); the limits are the platform's defaults (libs/assets
 * DEFAULT_ASSET_LIMITS). Written here rather than imported: the client takes only types from contracts.
 */
const EXTENSIONS = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/webp': ['webp'],
  'image/avif': ['avif'],
  'image/gif': ['gif'],
  'image/svg+xml': ['svg'],
  'font/woff2': ['woff2'],
} satisfies Record<UploadMediaType, string[]>;

const ASSET_TYPES = Object.keys(EXTENSIONS) as UploadMediaType[];
/** What a model can be shown (contracts CHAT_IMAGE_MEDIA_TYPES): no SVG, no fonts. */
const CHAT_TYPES: readonly UploadMediaType[] = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_FONT_BYTES = 2 * 1024 * 1024;
/** contracts MAX_MESSAGE_ATTACHMENTS. */
export const MAX_CHAT_PICTURES = 4;

/** What the file input offers for each purpose. */
export const ACCEPT: Record<UploadPurpose, string> = {
  asset: [...ASSET_TYPES, ...ASSET_TYPES.flatMap((t) => EXTENSIONS[t].map((e) => `.${e}`))].join(','),
  chat: CHAT_TYPES.join(','),
};

/** The kind of file this is: the browser's type when it knows one, else from the name (some give none for a font). */
export function mediaTypeOf(file: { name: string; type: string }): UploadMediaType | null {
  const declared = ASSET_TYPES.find((t) => t === file.type);
  if (declared) return declared;
  if (file.type && file.type !== 'application/octet-stream') return null;
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  return ASSET_TYPES.find((t) => (EXTENSIONS[t] as string[]).includes(ext)) ?? null;
}

export interface PreCheckRefusal {
  code: ErrorCode;
  message: string;
}

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Why this file would be refused, said before it is sent; null when it may go. */
export function preCheck(file: { name: string; type: string; size: number }, purpose: UploadPurpose): PreCheckRefusal | null {
  const type = mediaTypeOf(file);
  const allowed = purpose === 'chat' ? CHAT_TYPES : ASSET_TYPES;
  if (!type || !allowed.includes(type)) {
    const what = purpose === 'chat' ? 'a PNG, JPEG, WebP or GIF picture' : 'an image (PNG, JPEG, WebP, AVIF, GIF, SVG) or a WOFF2 font';
    return { code: 'UPLOAD_TYPE_NOT_ALLOWED', message: `${file.name} is not ${what}.` };
  }
  if (file.size === 0) return { code: 'UPLOAD_INCOMPLETE', message: `${file.name} is empty.` };
  const max = type === 'font/woff2' ? MAX_FONT_BYTES : MAX_IMAGE_BYTES;
  if (file.size > max) return { code: 'UPLOAD_TOO_LARGE', message: `${file.name} is ${mib(file.size)}; the most is ${mib(max)}.` };
  return null;
}

/** Where an upload stands once its bytes are in: finished (done or refused), or still to wait for. */
export type UploadOutcome = { state: 'done'; view: UploadView } | { state: 'failed'; code: ErrorCode; message: string } | { state: 'waiting' };

export function outcomeOf(view: UploadView): UploadOutcome {
  switch (view.status) {
    case 'done':
      return { state: 'done', view };
    case 'refused':
      return { state: 'failed', code: view.error?.code ?? 'UPLOAD_INCOMPLETE', message: view.error?.message ?? `${view.fileName} was refused.` };
    case 'expired':
      return { state: 'failed', code: 'UPLOAD_EXPIRED', message: `${view.fileName} took too long to arrive; try again.` };
    default:
      return { state: 'waiting' };
  }
}

/** How long to wait before asking the API again, the nth time (the `upload:processed` event usually comes first). */
export const pollDelay = (attempt: number) => Math.min(1000 * 1.5 ** attempt, 5000);

/** Headers a page may not set on a request (the browser sets them itself and logs an error for trying). */
const FORBIDDEN_HEADERS = new Set(['content-length', 'host', 'connection', 'expect', 'date', 'origin', 'referer']);
export const settableHeaders = (headers: Record<string, string>) => Object.entries(headers).filter(([name]) => !FORBIDDEN_HEADERS.has(name.toLowerCase()));

/** `1.2 MB`, `34 KB`, `512 B`: a size for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return mib(bytes);
}
