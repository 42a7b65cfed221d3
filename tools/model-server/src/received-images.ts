import { createHash } from 'node:crypto';
import { estimateImageTokens } from '@studio/llm';
import { imageSize } from './image-size.js';

/** A picture the server found in a request, in the shape its protocol carries it. */
export interface ReceivedImage {
  /** `openai`: an `image_url` part with a data URL; `anthropic`: an `image` block with a base64 source. */
  format: 'openai' | 'anthropic';
  /** As the request declared it. */
  mediaType: string;
  /** Decoded size, and its hash so a test can tell it is the very picture that was uploaded. */
  bytes: number;
  sha256: string;
  width: number;
  height: number;
  /** What the provider would charge for it (the estimate libs/llm budgets with). */
  tokens: number;
}

export type ImageScan = { images: ReceivedImage[]; error?: undefined } | { images: ReceivedImage[]; error: string };

const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+);base64,(.*)$/s;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every picture in a request's messages. A picture that is not one (bytes of no image format, or of another
 * format than declared) is an error, as the real APIs answer 400 to it; a picture given by http URL is not
 * something the product sends, and is refused too rather than fetched.
 */
export function scanImages(protocol: 'openai' | 'anthropic', body: Json): ImageScan {
  const images: ReceivedImage[] = [];
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (const message of messages) {
    const parts = isObject(message) && Array.isArray(message.content) ? message.content : [];
    for (const part of parts) {
      if (!isObject(part)) continue;
      let found: { mediaType: string; data: string } | string | null = null;
      if (protocol === 'openai' && part.type === 'image_url') {
        const url = isObject(part.image_url) ? String(part.image_url.url ?? '') : '';
        const m = DATA_URL.exec(url);
        found = m ? { mediaType: m[1], data: m[2] } : 'image_url must be a base64 data URL';
      } else if (protocol === 'anthropic' && part.type === 'image') {
        const source = isObject(part.source) ? part.source : {};
        found = source.type === 'base64' ? { mediaType: String(source.media_type ?? ''), data: String(source.data ?? '') } : 'image source must be base64';
      }
      if (found === null) continue;
      if (typeof found === 'string') return { images, error: found };
      const bytes = Buffer.from(found.data, 'base64');
      const size = imageSize(bytes);
      if (!size) return { images, error: `the ${found.mediaType} picture could not be read` };
      if (size.mediaType !== found.mediaType) return { images, error: `the picture is ${size.mediaType}, declared ${found.mediaType}` };
      images.push({
        format: protocol,
        mediaType: found.mediaType,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        width: size.width,
        height: size.height,
        tokens: estimateImageTokens(size.width, size.height, protocol),
      });
    }
  }
  return { images };
}
