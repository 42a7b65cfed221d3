import type { Socket } from 'socket.io-client';
import { HERO_PROPS } from './b2-hmr.js';
import { BenchClient, OUTCOMES, registerScenario } from './bench-client.js';
import { type Row, stats } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);

/** The routes B11 measures: the provider that caches by itself, and the one that caches up to marked points. */
const MODELS = ['openai:scripted-gpt', 'anthropic:scripted-claude'] as const;

interface CallUsage {
  inputTokens: number;
  cachedInputTokens?: number;
}

export interface B11Sample {
  model: string;
  first: CallUsage;
  followUp: CallUsage;
}

const hero = (title: string) =>
  `export default function Hero(_props: ${HERO_PROPS}) {\n  return (\n    <section className="hero" aria-labelledby="hero-title">\n      <h1 id="hero-title">${title}</h1>\n      <p>Small-batch beans, roasted to order and shipped the same day.</p>\n    </section>\n  );\n}\n`;

/**
 * B11: the input tokens of a typical follow-up edit on the default template, and the share of them the
 * provider's prompt cache serves. Each sample is a new project: a first turn ("make the hero about our coffee
 * roastery", the reply rewrites the hero), then the follow-up ("make the hero headline shorter", the reply
 * edits that one file). The figures are the follow-up's call as the product records it (turn:completed usage,
 * the ledger's figures), which the scripted model counted with its tokenizer and its prompt cache.
 */
export async function benchPromptCache(apiUrl: string, modelUrl: string): Promise<{ rows: Row[]; samples: B11Sample[] }> {
  const client = new BenchClient(apiUrl);
  await client.signUp('b11');
  const socket = await client.socket();
  const outcomes = new Map<string, { name: string; usage?: { calls: (CallUsage & { purpose: string })[] } }>();
  for (const name of OUTCOMES) socket.on(name, (p: { turnId: string; usage?: never }) => outcomes.set(p.turnId, { name, usage: p.usage }));

  const samples: B11Sample[] = [];
  for (const model of MODELS) {
    for (let i = 0; i < N; i++) {
      const projectId = await client.project(`B11 ${i}`);
      await socket.timeout(5000).emitWithAck('project:join', { projectId });
      const id = `b11-${Date.now()}-${model.split(':')[0]}-${i}`;
      // Each project its own standing instructions: right after the static prompt, they make every sample's prompt
      // its own, so a sample measures its own conversation's cache and not the identical requests of the one before
      // (the provider's cache is keyed by content: only the static prompt is shared, as between any two projects).
      await client.call('PUT', `/api/projects/${projectId}/instructions`, { text: `Write for ${id}: warm and plain.`, baseVersion: 1 });
      const first = await turn(socket, outcomes, modelUrl, projectId, model, `${id}-1`, 'Make the hero about our coffee roastery', hero('Fresh coffee, roasted every morning in small batches'));
      const followUp = await turn(socket, outcomes, modelUrl, projectId, model, `${id}-2`, 'Make the hero headline shorter', hero('Fresh coffee, daily'));
      samples.push({ model, first, followUp });
    }
  }
  socket.close();

  const rows: Row[] = [];
  for (const model of MODELS) {
    const mine = samples.filter((s) => s.model === model);
    const provider = model.split(':')[0];
    rows.push(
      { figure: `B11 first turn input (${provider})`, stats: stats(mine.map((s) => s.first.inputTokens)), unit: 'tokens' },
      { figure: `B11 follow-up input (${provider})`, stats: stats(mine.map((s) => s.followUp.inputTokens)), unit: 'tokens' },
      { figure: `B11 follow-up cached share (${provider})`, stats: stats(mine.map((s) => share(s.followUp))), unit: '%', bar: '≥ 70%' },
    );
  }
  return { rows, samples };
}

export const share = (u: CallUsage) => Math.round(((u.cachedInputTokens ?? 0) / u.inputTokens) * 1000) / 10;

/** One turn whose reply rewrites the hero; resolves with its reply call's usage. */
async function turn(
  socket: Socket,
  outcomes: Map<string, { name: string; usage?: { calls: (CallUsage & { purpose: string })[] } }>,
  modelUrl: string,
  projectId: string,
  model: string,
  id: string,
  message: string,
  heroFile: string,
): Promise<CallUsage> {
  const reply = `<response>\nDone.\n</response>\n<code path="src/components/Hero.tsx">\n${heroFile}</code>\n`;
  const marker = await registerScenario(modelUrl, id, { reply });
  const ack = await socket.timeout(5000).emitWithAck('chat:send', { projectId, message: `${message} ${marker}`, model });
  if (!ack.ok) throw new Error(`B11: chat:send refused: ${JSON.stringify(ack.error)}`);
  const deadline = Date.now() + 60_000;
  while (!outcomes.has(ack.turnId)) {
    if (Date.now() > deadline) throw new Error(`B11: turn ${ack.turnId} did not end`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const end = outcomes.get(ack.turnId)!;
  const call = end.usage?.calls.find((c) => c.purpose === 'reply');
  if (end.name !== 'turn:completed' || !call) throw new Error(`B11: turn ${ack.turnId} ended ${end.name} without a reply call`);
  return { inputTokens: call.inputTokens, cachedInputTokens: call.cachedInputTokens ?? 0 };
}
