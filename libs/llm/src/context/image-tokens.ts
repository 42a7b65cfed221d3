import { type ChatMessage, type ImagePart, imagesOf } from '../provider.js';

/**
 * What a picture costs in input tokens, by the rule each provider publishes. The budget must count them:
 * a screenshot is 1–2k tokens, and a turn with a few would otherwise overrun the context window silently.
 * The provider's own count (usage) stays the truth for the cost of a turn; this is for planning.
 *
 * OpenAI (`detail: auto`, counted as high): fit in 2048×2048, then scale so the shortest side is at most
 * 768; 85 tokens plus 170 per 512-px tile. Anthropic: longest side scaled to at most 1568, then
 * width×height/750, at most ~1600 (Anthropic shrinks larger pictures to that). Any other provider speaks
 * the OpenAI protocol, so its rule is OpenAI's.
 */
export function estimateImageTokens(width: number, height: number, provider = 'openai'): number {
  // A picture whose size is unknown or absurd still costs something: count it as the smallest tile.
  if (!(width > 0) || !(height > 0)) return provider === 'anthropic' ? 1 : 85 + 170;
  if (provider === 'anthropic') {
    const scale = Math.min(1, 1568 / Math.max(width, height));
    const w = Math.round(width * scale);
    const h = Math.round(height * scale);
    return Math.min(ANTHROPIC_MAX_IMAGE_TOKENS, Math.ceil((w * h) / 750));
  }
  const fit = Math.min(1, 2048 / Math.max(width, height));
  let w = width * fit;
  let h = height * fit;
  const shortest = Math.min(w, h);
  if (shortest > 768) {
    w = (w * 768) / shortest;
    h = (h * 768) / shortest;
  }
  return 85 + 170 * Math.ceil(Math.round(w) / 512) * Math.ceil(Math.round(h) / 512);
}

/** Anthropic's documented ceiling: pictures that would cost more are shrunk to about this many tokens. */
export const ANTHROPIC_MAX_IMAGE_TOKENS = 1600;

/** The tokens of a list of pictures for one provider. */
export function imagePartsTokens(images: readonly ImagePart[], provider?: string): number {
  return images.reduce((sum, p) => sum + estimateImageTokens(p.width, p.height, provider), 0);
}

/** The tokens of the pictures in a message (0 for text). */
export function messageImageTokens(message: ChatMessage, provider?: string): number {
  return imagePartsTokens(imagesOf(message.content), provider);
}
