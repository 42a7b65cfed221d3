import { createHash } from 'node:crypto';
import { boundedPieces } from '@studio/llm';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import type { PromptBlock } from './prompt-cache.js';
import type { ReceivedImage } from './received-images.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// Message framing, the same for both protocols (3 tokens a message, as OpenAI counts chat messages): ids the
// tokenizer never produces, so they only ever match themselves.
const START = -1;
const END = -2;
const ROLE: Record<string, number> = { system: -3, developer: -3, user: -4, assistant: -5 };

/** Anthropic's limit on `cache_control` breakpoints in one request. */
export const MAX_BREAKPOINTS = 4;

let encoder: Tiktoken | null = null;
/** Encodings by the text's hash: the same static prompt and files come turn after turn (B5 sends 500 at once). */
const encoded = new Map<string, Int32Array>();
const MAX_ENCODED = 512;

/**
 * The tokens of a text with o200k_base, the tokenizer libs/llm counts the context with, so the input a reply
 * reports is the count the product budgeted; long unbroken runs are cut as libs/llm cuts them (its
 * `boundedPieces`), so a hostile message cannot hold the server for minutes.
 */
export function tokensOf(text: string): Int32Array {
  const key = createHash('sha1').update(text).digest('hex');
  const hit = encoded.get(key);
  if (hit) return hit;
  encoder ??= new Tiktoken(o200k);
  const tokens = Int32Array.from(boundedPieces(text).flatMap((piece) => encoder!.encode(piece, 'all')));
  encoded.set(key, tokens);
  if (encoded.size > MAX_ENCODED) encoded.delete(encoded.keys().next().value!);
  return tokens;
}

/**
 * A request's prompt as the provider reads it, block by block in order (Anthropic: system blocks, then each
 * message's content blocks; OpenAI: a block a message), with the `cache_control` breakpoints Anthropic honours.
 * A picture is as many tokens as it costs (`images`, in the order scanImages found them), all one id derived
 * from its bytes, so the same picture makes the same prefix.
 */
export function promptBlocks(protocol: 'openai' | 'anthropic', body: Json, images: readonly ReceivedImage[]): PromptBlock[] {
  const pictures = [...images];
  const picture = (): number[] => {
    const image = pictures.shift();
    return image ? new Array<number>(image.tokens).fill(-1000 - Number.parseInt(image.sha256.slice(0, 6), 16)) : [];
  };
  const blocks: PromptBlock[] = [];
  const message = (role: string, content: unknown) => {
    const parts: PromptBlock[] = (typeof content === 'string' ? [content] : Array.isArray(content) ? content : []).map((part) => partBlock(protocol, part, picture));
    if (!parts.length) parts.push({ tokens: [] });
    parts[0] = { ...parts[0], tokens: [START, ROLE[role] ?? ROLE.user, ...parts[0].tokens] };
    parts[parts.length - 1] = { ...parts[parts.length - 1], tokens: [...parts[parts.length - 1].tokens, END] };
    blocks.push(...(protocol === 'openai' ? [{ tokens: parts.flatMap((p) => [...p.tokens]) }] : parts));
  };
  if (protocol === 'anthropic' && body.system !== undefined) message('system', body.system);
  for (const m of Array.isArray(body.messages) ? body.messages : []) if (isObject(m)) message(String(m.role ?? 'user'), m.content);
  return blocks;
}

function partBlock(protocol: 'openai' | 'anthropic', part: unknown, picture: () => number[]): PromptBlock {
  if (typeof part === 'string') return { tokens: [...tokensOf(part)] };
  if (!isObject(part)) return { tokens: [] };
  const breakpoint = protocol === 'anthropic' && isObject(part.cache_control);
  if (part.type === 'text') return { tokens: [...tokensOf(String(part.text ?? ''))], breakpoint };
  if (part.type === 'image_url' || part.type === 'image') return { tokens: picture(), breakpoint };
  // Anything else the product does not send (tool calls, documents) still counts, as its JSON.
  return { tokens: [...tokensOf(JSON.stringify({ ...part, cache_control: undefined }))], breakpoint };
}
