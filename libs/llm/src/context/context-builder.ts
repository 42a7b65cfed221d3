import { type ChatMessage, type ImagePart, textOf } from '../provider.js';
import type { ModelPrice } from '../router/pricing.js';
import { assetListing, type ContextAsset } from './asset-list.js';
import { orderForCache, quietRank } from './cache-order.js';
import { imagePartsTokens, messageImageTokens } from './image-tokens.js';
import { instructionsBlock } from './instructions-block.js';
import { type InclusionReason, rankFiles } from './rank-files.js';
import { TokenCounter } from './token-counter.js';

export interface ContextFile {
  path: string;
  /** Text content; binary files are passed in `tree` only. */
  content: string;
  /** The blob hash, so token counts are cached across turns. */
  sha256?: string;
}

export interface ConversationSummary {
  text: string;
  /** How many of the oldest conversation messages it stands for. */
  coversMessages: number;
}

export interface ContextInput {
  message: string;
  /** Pictures sent with the message; their tokens count in `message` (and `images`) of the report. */
  images?: ImagePart[];
  /** Whose rule counts picture tokens (`openai`, `anthropic`: the route's provider); OpenAI's when absent. */
  provider?: string;
  /** The static instructions: output format, template conventions, component catalog, preview packages. */
  staticPrompt: string;
  /** The person's standing instructions for the project (its `.studio/instructions.md`); absent or blank: none. */
  instructions?: string;
  files: ContextFile[];
  /** Every path in the project (text and binary), for the file tree. Defaults to the files' paths. */
  tree?: string[];
  /** The project's assets (images and fonts under public/assets/), listed with the file tree. */
  assets?: ContextAsset[];
  /** Most recent first. */
  recentlyChanged?: string[];
  /**
   * The version each file last changed in (absent or 0: not since the project was created). Orders the file
   * blocks for the provider's prompt cache, not what is included: see `orderForCache`.
   */
  lastChanged?: Record<string, number>;
  /** Earlier messages, oldest first (not the current one). */
  conversation?: ChatMessage[];
  summary?: ConversationSummary;
  /** Recent messages kept verbatim; older ones are replaced by the summary. */
  keepRecentMessages?: number;
  contextWindow: number;
  maxOutputTokens: number;
  price?: ModelPrice;
}

export interface ContextReport {
  budgetTokens: number;
  tokens: {
    static: number;
    /** The person's standing instructions (0 when the project has none). */
    instructions: number;
    tree: number;
    files: number;
    summary: number;
    conversation: number;
    message: number;
    /** The pictures' share of `message` (estimated per provider). */
    images?: number;
    total: number;
  };
  included: { path: string; tokens: number; reason: InclusionReason }[];
  omitted: { path: string; tokens: number; reason: 'budget' }[];
  /** Older messages not covered by the summary: the caller should refresh it (a cheap model call). */
  needsSummary: boolean;
  olderMessagesDropped: number;
  estimatedInputCostUsd: number | null;
}

export interface BuiltContext {
  /** `stableChars`, `durableChars`: the leading parts of `dynamic` a provider's cache may serve next turn (ChatRequest). */
  system: { static: string; dynamic: string; stableChars: number; durableChars: number };
  messages: ChatMessage[];
  report: ContextReport;
}

// Room kept for message framing and the tokenizer's estimate of other providers' counts.
const SAFETY_MARGIN = 0.03;
/** The share of the budget whose stable files the next turn is expected to send again (`durableEnd`). */
const DURABLE_SHARE = 0.75;
const STABLE_TITLE = '## File contents';

const withGap = (block: string) => (block ? `\n${block}` : '');

const fileBlock = (f: ContextFile) => `<file path="${f.path}">\n${f.content.endsWith('\n') ? f.content : `${f.content}\n`}</file>\n`;

/**
 * Builds what a turn sends: the static prompt first (cacheable), then the person's standing instructions
 * (whole, their own block and their own line of the report), then the file tree and the most relevant
 * files until the token budget is reached, the conversation summary, recent messages verbatim, and the
 * message. The budget (context window − output − margin) is never exceeded; the report says what went in,
 * what was left out and why, with token counts and the estimated input cost. The parts are sent in the order
 * that changes least from turn to turn (provider prompt caches serve an unchanged prefix): the files that
 * stay the same before the ones that changed or that the message names (`orderForCache`), and `stableChars`
 * says where the unchanged part of `dynamic` ends, for providers that cache only up to a marked point.
 */
export function buildContext(input: ContextInput, counter = new TokenCounter()): BuiltContext {
  const budget = Math.floor((input.contextWindow - input.maxOutputTokens) * (1 - SAFETY_MARGIN));
  const count = (text: string, key?: string) => counter.count(text, key);
  let used = 0;
  const fits = (n: number) => used + n <= budget;

  // The static prompt is the same text turn after turn: the text itself is the cache key.
  const staticTokens = count(input.staticPrompt, `static:${input.staticPrompt}`);
  // Pictures, here and in kept messages, by the provider's published rule (the tokenizer cannot see them).
  const imageTokens = imagePartsTokens(input.images ?? [], input.provider);
  const messageTokens = count(input.message) + imageTokens;
  // The person's instructions go in whole, like the static prompt: they bind every reply, so files make room for them.
  const instructions = instructionsBlock(input.instructions);
  const instructionsTokens = instructions ? count(instructions) : 0;
  used = staticTokens + instructionsTokens + messageTokens;

  // Conversation: the summary stands for older messages; recent ones verbatim, newest kept first.
  const conversation = input.conversation ?? [];
  const keep = input.keepRecentMessages ?? 6;
  const olderCount = Math.max(0, conversation.length - keep);
  const summary = input.summary && input.summary.coversMessages > 0 ? input.summary : undefined;
  const needsSummary = olderCount > (summary?.coversMessages ?? 0);
  let summaryText = '';
  let summaryTokens = 0;
  if (summary) {
    const text = `## Earlier in this conversation (summary)\n${summary.text}\n`;
    const n = count(text);
    if (fits(n)) {
      summaryText = text;
      summaryTokens = n;
      used += n;
    }
  }

  // Files the message names come before the conversation: the user is asking about them.
  const files = new Map(input.files.map((f) => [f.path, f.content]));
  const byPath = new Map(input.files.map((f) => [f.path, f]));
  const ranked = rankFiles(input.message, files, input.recentlyChanged ?? []);
  const included: ContextReport['included'] = [];
  const omitted: ContextReport['omitted'] = [];
  const blocks = new Map<string, string>();
  let fileTokens = 0;
  const tryFile = (path: string, reason: InclusionReason) => {
    const f = byPath.get(path)!;
    const block = fileBlock(f);
    const n = count(block, f.sha256 ? `file:${path}:${f.sha256}` : undefined);
    if (fits(n)) {
      used += n;
      fileTokens += n;
      blocks.set(path, block);
      included.push({ path, tokens: n, reason });
    } else {
      omitted.push({ path, tokens: n, reason: 'budget' });
    }
  };
  for (const r of ranked.filter((r) => r.reason === 'named')) tryFile(r.path, r.reason);

  const recent = conversation.slice(olderCount);
  const keptRecent: ChatMessage[] = [];
  let conversationTokens = 0;
  for (let i = recent.length - 1; i >= 0; i--) {
    const n = count(textOf(recent[i].content)) + messageImageTokens(recent[i], input.provider) + 4;
    if (!fits(n)) break;
    used += n;
    conversationTokens += n;
    keptRecent.unshift(recent[i]);
  }

  // The assets go with the tree: both say what exists, and both are dropped together when the budget is that tight.
  const tree = `## Project files\n${(input.tree ?? [...files.keys()]).slice().sort().join('\n')}\n${withGap(assetListing(input.assets))}`;
  const treeTokens = count(tree);
  const treeFits = fits(treeTokens);
  if (treeFits) used += treeTokens;

  for (const r of ranked.filter((r) => r.reason !== 'named')) tryFile(r.path, r.reason);

  // Same files as ranked above, in the order that keeps the prompt's prefix the same from turn to turn.
  const { stable, fresh } = orderForCache(
    [...blocks.keys()],
    ranked.filter((r) => r.reason === 'named').map((r) => r.path),
    input.lastChanged ?? {},
    quietRank(new Map([...files].map(([p, c]) => [p, c.length])), input.recentlyChanged ?? []),
  );
  const fileSection = (title: string, paths: string[]) => (paths.length ? `${title}\n${paths.map((p) => blocks.get(p)).join('')}` : '');
  const lead = [instructions, treeFits ? tree : ''].filter(Boolean).join('\n');
  const head = [lead, fileSection(STABLE_TITLE, stable)].filter(Boolean).join('\n');
  const rest = [fileSection('## Recently changed or named files', fresh), summaryText].filter(Boolean).join('\n');
  const dynamic = [head, rest].filter(Boolean).join('\n');
  const stableChars = !rest ? dynamic.length : head ? head.length + 1 : 0;
  const tokensOf = new Map(included.map((f) => [f.path, f.tokens]));
  const durableChars = durableEnd(lead, stable, blocks, tokensOf, staticTokens + instructionsTokens + (treeFits ? treeTokens : 0), budget);
  const total = used;
  const price = input.price;
  return {
    system: { static: input.staticPrompt, dynamic, stableChars, durableChars: Math.min(durableChars, stableChars) },
    messages: [...keptRecent, { role: 'user', content: input.images?.length ? [...input.images, { type: 'text', text: input.message }] : input.message }],
    report: {
      budgetTokens: budget,
      tokens: {
        static: staticTokens,
        instructions: instructionsTokens,
        tree: treeFits ? treeTokens : 0,
        files: fileTokens,
        summary: summaryTokens,
        conversation: conversationTokens,
        message: messageTokens,
        images: imageTokens,
        total,
      },
      included,
      omitted,
      needsSummary,
      olderMessagesDropped: olderCount,
      estimatedInputCostUsd: price ? Math.round((((total - staticTokens) * price.input + staticTokens * price.cachedInput) / 1e6) * 1e6) / 1e6 : null,
    },
  };
}

/**
 * Where the stable files that the next turn will still send end, in characters of `dynamic`. The next turn's
 * conversation holds this turn's exchange too, and the conversation is admitted before the unnamed files, so
 * under a tight budget the next turn leaves out the last files of this stable part (it is ordered so that those
 * are the ones that go): a mark at its end would never be met again. Up to DURABLE_SHARE of the budget, the
 * files stay; the mark there is the same from turn to turn while they do (the same files, in the same order).
 */
function durableEnd(lead: string, stable: readonly string[], blocks: ReadonlyMap<string, string>, tokensOf: ReadonlyMap<string, number>, leadTokens: number, budget: number): number {
  const limit = budget * DURABLE_SHARE;
  let tokens = leadTokens;
  let chars = (lead ? lead.length + 1 : 0) + STABLE_TITLE.length + 1;
  let end = 0;
  for (const path of stable) {
    tokens += tokensOf.get(path) ?? 0;
    if (tokens > limit) break;
    chars += blocks.get(path)!.length;
    end = chars;
  }
  return end;
}
