import { resolve } from 'node:path';
import { type Catalog, loadCatalog } from '@studio/catalog';
import { INSTRUCTIONS_PATH } from '@studio/contracts';
import { type EndedCall, type PreviewErrorRecord, ProjectEntity, type StoredChatAttachment } from '@studio/data';
import type { LlmRouter, RouterEvent } from '@studio/llm';
import { WorkingTree } from '@studio/validation';
import { fakeRun, fakeTurn, LIMITS } from '../testing/turn-fakes.js';
import type { TurnPicture } from './attached-pictures.js';
import { ContextStage } from './context-stage.js';

/** The real templates (the static prompt is built from them); files, chat, project and preview rows are fakes. */
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(resolve('templates'));
});

const FILES: Record<string, string> = {
  'src/App.tsx': "import Hero from './components/Hero';\nexport default function App() { return <Hero />; }\n",
  'src/components/Hero.tsx': 'export default function Hero() { return <h1>Hi</h1>; }\n',
};

const GPT = { provider: 'openai', model: 'gpt-4o' };

function setup(opts: { errors?: PreviewErrorRecord[]; earlier?: StoredChatAttachment[]; files?: Record<string, string> } = {}) {
  const asked: string[] = [];
  const checked: string[] = [];
  const saved: { text: string; calls: EndedCall[] }[] = [];
  const stage = new ContextStage(
    { TURN_MAX_OUTPUT_TOKENS: 4000 },
    {
      limits: LIMITS,
      readAll: async (_p, version) => (asked.push(`files@${version}`), new Map(Object.entries(opts.files ?? FILES).map(([p, c]) => [p, Buffer.from(c)]))),
      manifest: async () => ({}),
      versions: async () => [{ number: 2, source: 'ai', changes: [{ action: 'write', path: 'src/components/Hero.tsx' }] }] as never,
    },
    {
      conversation: async () => [
        { role: 'user', content: 'Earlier: make a page', attachments: opts.earlier ?? null },
        { role: 'assistant', content: 'Made it.', attachments: null },
      ],
      summary: async () => undefined,
      saveSummary: async (_p, summary, billed) => void saved.push({ text: summary.text, calls: billed?.calls ?? [] }),
    },
    { findOwned: async (ownerId, id) => (ownerId === 'user-1' ? Object.assign(new ProjectEntity(), { id, ownerId, templateId: 'landing' }) : null) },
    { errorsOf: async (_p, version) => (asked.push(`errors@${version}`), opts.errors ?? []) },
    { catalog, packages: new Set(['react', 'react-dom']), typeChecker: { check: (projectId) => (checked.push(projectId), { diagnostics: [], checked: [], ms: 0 }) } },
  );
  return { stage, asked, checked, saved };
}

describe('ContextStage', () => {
  it('tells the model the base version’s files, the chat so far and the message, and audits what went in', async () => {
    const { stage, asked } = setup();
    const { run, audits } = fakeRun();
    const context = await stage.build(run, GPT);
    expect(asked.sort()).toEqual(['errors@3', 'files@3']);
    expect(context.built.system.static).toContain('landing');
    expect(context.built.messages.map((m) => m.content)).toEqual(expect.arrayContaining(['Earlier: make a page', 'Made it.']));
    expect(context.built.messages.at(-1)?.content).toContain('Make the hero blue');
    expect(context.tree.has('src/components/Hero.tsx')).toBe(true);
    expect(audits.map((a) => a.kind)).toEqual(['context']);
  }, 30_000); // the first count loads the tokenizer

  it('adds what the live preview reports wrong with the base version after the message', async () => {
    const { stage } = setup({ errors: [{ version: 3, message: 'Hero is not defined\nstack...', file: 'src/App.tsx', line: 2, at: '2026-01-01T00:00:00Z' }] });
    const context = await stage.build(fakeRun().run, GPT);
    expect(context.built.messages.at(-1)?.content).toContain('- src/App.tsx:2: Hero is not defined');
  });

  it('sends the message’s pictures before its text in the last message, and only names earlier ones', async () => {
    const picture = (uploadId: string, fileName: string, bytes: string): TurnPicture => ({
      attachment: { uploadId, fileName, contentType: 'image/png', width: 800, height: 600, use: 'reference' },
      bytes: Buffer.from(bytes),
    });
    const earlier: StoredChatAttachment = { uploadId: 'u-0', fileName: 'old-draft.png', contentType: 'image/png', width: 10, height: 10, use: 'reference' };
    const { stage } = setup({ earlier: [earlier] });
    const plain = await stage.build(fakeRun().run, GPT);
    const context = await stage.build(fakeRun().run, GPT, [picture('u-1', 'shot.png', 'first'), picture('u-2', 'logo.png', 'second')]);
    const last = context.built.messages.at(-1)?.content;
    expect(Array.isArray(last) && last.map((p) => p.type)).toEqual(['image', 'image', 'text']);
    expect(Array.isArray(last) && last.flatMap((p) => (p.type === 'image' ? [Buffer.from(p.data, 'base64').toString(), p.mediaType, p.width] : [p.text.split('\n')[0]]))).toEqual([
      'first',
      'image/png',
      800,
      'second',
      'image/png',
      800,
      'Make the hero blue',
    ]);
    // The earlier picture is not sent again: its message names it.
    expect(context.built.messages[0]).toEqual({ role: 'user', content: 'Earlier: make a page\n[picture: old-draft.png]' });
    // The budget counts both pictures (OpenAI's rule for 800×600: 85 + 4 tiles × 170 each).
    expect(context.built.report.tokens.images).toBe(2 * (85 + 170 * 4));
    expect(context.built.report.tokens.total - plain.built.report.tokens.total).toBe(2 * (85 + 170 * 4));
  });

  it('tells the person’s standing instructions as their own block, not as a file, and audits their tokens on their own line', async () => {
    const text = 'Write in British English.\nAlways keep the pricing section.\n';
    const { stage } = setup({ files: { ...FILES, [INSTRUCTIONS_PATH]: text } });
    const { run, audits } = fakeRun();
    const context = await stage.build(run, GPT);
    const { dynamic } = context.built.system;
    expect(dynamic).toContain('<instructions>\nWrite in British English.\nAlways keep the pricing section.\n</instructions>');
    expect(dynamic.indexOf('</instructions>')).toBeLessThan(dynamic.indexOf('<file path='));
    // Not shown as code, not listed among the files the model may edit; the validator still knows the file exists.
    expect(dynamic).not.toContain(INSTRUCTIONS_PATH);
    expect(context.built.report.included.map((f) => f.path)).not.toContain(INSTRUCTIONS_PATH);
    expect(context.tree.has(INSTRUCTIONS_PATH)).toBe(true);
    const tokens = context.built.report.tokens.instructions;
    expect(tokens).toBeGreaterThan(10);
    expect(audits[0]).toMatchObject({ kind: 'context', data: { tokens: { instructions: tokens } } });
  });

  it('adds nothing for a project without instructions, or with an empty file', async () => {
    for (const files of [FILES, { ...FILES, [INSTRUCTIONS_PATH]: '\n' }]) {
      const { stage } = setup({ files });
      const context = await stage.build(fakeRun().run, GPT);
      expect(context.built.system.dynamic).not.toContain('standing instructions');
      expect(context.built.report.tokens.instructions).toBe(0);
    }
  });

  it('judges the reply with the project’s own type-check session', () => {
    const { stage, checked } = setup();
    const turn = fakeTurn();
    const validator = stage.validatorFor(turn, new WorkingTree(new Map()));
    validator.check({ action: 'write', path: 'src/components/Badge.tsx', content: 'export const Badge = () => <b />;\n' });
    validator.finish();
    expect(checked).toContain('project-1');
  });

  it('ledgers the summary’s call with the summary, billed as the turn’s models are', async () => {
    const { stage, saved } = setup();
    const { run } = fakeRun();
    const context = await stage.build(run, GPT);
    context.built.report.needsSummary = true;
    const summary: Pick<LlmRouter, 'stream'> = {
      async *stream(): AsyncGenerator<RouterEvent> {
        yield { type: 'delta', text: 'They want a blue hero.' };
        yield { type: 'done', provider: 'openai', model: 'mini', usage: { inputTokens: 300, outputTokens: 20, cachedInputTokens: 0 }, finishReason: 'stop', costUsd: 0.000412 };
      },
    };
    // Older messages to condense: the conversation keeps its newest six out of the summary.
    context.conversation.push(...Array.from({ length: 8 }, (_, i) => ({ role: 'user' as const, content: `message ${i}` })));
    stage.refreshSummary(run.turn, context, { summary, billedTo: 'own_key' });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(saved).toEqual([
      {
        text: 'They want a blue hero.',
        calls: [{ purpose: 'summary', provider: 'openai', model: 'mini', inputTokens: 300, cachedInputTokens: 0, outputTokens: 20, costMicroUsd: 412, billedTo: 'own_key' }],
      },
    ]);
  });
});
