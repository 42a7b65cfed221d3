import { Readable } from 'node:stream';
import type { ProcessedUpload } from '@studio/assets';
import type { RenderCheckView } from '@studio/contracts';
import type { AssetMetadata, EndedCall, Outcome, PendingCommit, Reservation, StoredChatAttachment, TurnEntity, UploadEntity } from '@studio/data';
import { type FileChange, type PreparedChange, sha256Hex } from '@studio/files';
import { type ImagePart, LlmError } from '@studio/llm';
import type { EntityManager } from 'typeorm';
import { type AssetMaker, AttachedAssets } from './stages/attached-assets.js';
import { AttachedPictures, imagePartsOf, type TurnPicture } from './stages/attached-pictures.js';
import { CommitStage } from './stages/commit-stage.js';
import { TurnEndings } from './stages/turn-endings.js';
import { ValidateStage } from './stages/validate-stage.js';
import { fakeRouter, fakeTurn, fakeValidator, LIMITS } from './testing/turn-fakes.js';
import { TurnBudget } from './turn-budget.js';
import type { TurnContext } from './turn-context.js';
import { TurnMetrics } from './turn-metrics.js';
import { TurnPipeline } from './turn-pipeline.js';
import { ShuttingDown } from './turn-run.js';
import { TurnStages } from './turn-stages.js';

/** A chat picture of the turn's message; `stored: false` when its object is gone from the store. */
interface FakePicture {
  attachment: StoredChatAttachment;
  bytes: Buffer;
  stored?: boolean;
}

const picture = (uploadId: string, fileName: string, use: 'reference' | 'asset' = 'reference', stored = true): FakePicture => ({
  attachment: { uploadId, fileName, contentType: 'image/png', width: 640, height: 320, use },
  bytes: Buffer.from(`png bytes of ${fileName}`),
  stored,
});

/** libs/assets over fakes: the "cleaned" bytes are marked, one variant per picture. */
const maker: AssetMaker = {
  process: async (bytes, contentType): Promise<ProcessedUpload> => ({
    purpose: 'asset',
    kind: 'image',
    contentType,
    ext: 'png',
    bytes: Buffer.concat([Buffer.from('clean:'), bytes]),
    width: 640,
    height: 320,
    dominantColor: '#112233',
    variants: [{ width: 480, height: 240, bytes: Buffer.from('webp 480'), ext: 'webp' }],
  }),
  paths: (fileName, _processed, taken) => {
    const stem = fileName.replace(/\.[^.]*$/, '');
    const original = taken.has(`public/assets/${stem}.png`) ? `public/assets/${stem}-2.png` : `public/assets/${stem}.png`;
    return { original, variants: [original.replace(/\.png$/, '-480w.webp')] };
  },
  alt: (fileName) => `${fileName[0].toUpperCase()}${fileName.slice(1).replace(/\.[^.]*$/, '')}`,
};

/** The pictures' stages over fakes: the message's attachments, their uploads, the object store, the metadata. */
function pictureStages(pictures: FakePicture[]) {
  const upserted: AssetMetadata[] = [];
  const assetPaths: Map<string, string>[] = [];
  const turns = {
    attachmentsOf: async () => pictures.map((p) => p.attachment),
    recordAssetPaths: async (_t: unknown, paths: ReadonlyMap<string, string>) => void assetPaths.push(new Map(paths)),
  };
  const uploads = {
    forIds: async (_projectId: string, ids: string[]) =>
      ids.map((id) => ({ id, status: 'done', result: { key: `projects/project-1/chat/${id}.png`, width: 640, height: 320, contentType: 'image/png' } }) as UploadEntity),
  };
  const objects = {
    get: async (key: string) => {
      const p = pictures.find((x) => key.endsWith(`/${x.attachment.uploadId}.png`));
      return p?.stored === false || !p ? null : Readable.from([p.bytes]);
    },
  };
  const metadata = { upsert: async (row: AssetMetadata) => void upserted.push(row) };
  return { load: new AttachedPictures(turns, uploads, objects), assets: new AttachedAssets(maker, metadata, turns), upserted, assetPaths };
}

/** The whole pipeline over fakes: the stages are the real ones, the repositories, store, preview and model are not. */
/**
 * The money side: `fake-1` costs $1 per million input tokens and $2 per million output tokens (micro-dollars per
 * token: 1 and 2); `reserve` answers each reservation (default: held).
 */
interface Money {
  cap?: number;
  reserve?: (estimate: number) => Reservation;
  ownKey?: boolean;
}

function world(opts: { replies: (string | LlmError)[]; renders?: (RenderCheckView | null)[]; cancelRequested?: boolean; showedReply?: boolean; pictures?: FakePicture[]; money?: Money }) {
  const events: { name: string; payload: Record<string, unknown> }[] = [];
  const commits: { base: number; changes: PreparedChange[] }[] = [];
  const ended: Outcome[] = [];
  const handedBack: string[] = [];
  const webhooks: string[] = [];
  const renders = opts.renders ?? [];
  const state = { head: 3 };
  const files = {
    limits: LIMITS,
    head: async () => state.head,
    prepare: async (_p: string, changes: FileChange[]): Promise<PreparedChange[]> =>
      changes.map((c) => (c.action === 'write' ? { action: 'write', path: c.path, sha256: 'sha', size: c.content.length } : c)),
    finalize: async (_p: string, base: number, changes: PreparedChange[], _meta: unknown, alongside?: (tx: EntityManager, v: number) => Promise<void>) => {
      await alongside?.({} as EntityManager, base + 1); // the fake repository below ignores the transaction
      commits.push({ base, changes });
      return { version: (state.head = base + 1) };
    },
    changedSince: async () => ({ head: state.head, paths: [] }),
  };
  const finish = async (_t: TurnEntity, _l: number, outcome: Outcome) => (ended.push(outcome), true);
  const turns = {
    cancelRequested: async () => opts.cancelRequested ?? false,
    showedReply: async () => opts.showedReply ?? false,
    audit: async () => undefined,
    savePending: async () => true,
    finish,
    handBack: async () => (handedBack.push('back'), true),
    within: () => ({ complete: finish }),
  };
  const preview = {
    stage: (_p: string, _t: string, changes: readonly { change: FileChange }[]) => void staged.push(...changes.map((c) => c.change.path)),
    check: async () => renders.shift() ?? null,
    revert: async () => undefined,
    sync: async () => undefined,
  };
  const bus = {
    publish: async (_projectId: string, name: string, payload: object) => (events.push({ name, payload: { ...payload } }), null),
    flush: async () => undefined,
  };
  const { router, requests } = fakeRouter(opts.replies);
  const staged: string[] = [];
  const { tree, validator } = fakeValidator();
  const shown: TurnPicture[][] = [];
  const context = {
    // As the real context stage: the pictures it is handed go before the message's text.
    build: async (_run: unknown, _route: unknown, pictures: readonly TurnPicture[] = []): Promise<TurnContext> => {
      shown.push([...pictures]);
      const images: ImagePart[] = imagePartsOf(pictures);
      const tokens = { static: 1, instructions: 0, tree: 1, files: 0, summary: 0, conversation: 0, message: 5, images: 0, total: 7 };
      const report = { budgetTokens: 100_000, tokens, included: [], omitted: [], needsSummary: false, olderMessagesDropped: 0, estimatedInputCostUsd: null };
      const content = images.length ? [...images, { type: 'text' as const, text: 'Make the hero blue' }] : 'Make the hero blue';
      return { built: { system: { static: 'STATIC', dynamic: tree.paths().join('\n'), stableChars: 0, durableChars: 0 }, messages: [{ role: 'user', content }], report }, tree, conversation: [] };
    },
    validatorFor: () => validator,
    refreshSummary: () => undefined,
  };
  const pictureWorld = pictureStages(opts.pictures ?? []);
  const metrics = new TurnMetrics();
  const stages = new TurnStages(
    context,
    new ValidateStage(preview, { catalog: { library: { signature: () => null } } }, files),
    new CommitStage(files, turns),
    new TurnEndings(turns, files, preview, metrics, { publish: (_u, event) => void webhooks.push(event) }, { warnAfter: async () => undefined }, bus),
    pictureWorld.load,
    pictureWorld.assets,
  );
  const money = opts.money ?? {};
  const billed: EndedCall[] = [];
  const reserved: number[] = [];
  const keys: string[] = [];
  const budget = new TurnBudget(
    { LLM_PRICES: JSON.stringify({ 'fake-1': { input: 1, output: 2, cachedInput: 0.1 } }), USER_MONTHLY_BUDGET_USD: 10, TURN_MAX_COST_USD: money.cap },
    { reserve: async (_t, _l, estimate) => (reserved.push(estimate), money.reserve?.(estimate) ?? { kind: 'held', heldMicroUsd: estimate }), warnOnce: async () => null },
    { recordCall: async (_t, _l, call) => (billed.push(call), true) },
    { keyWorked: async (id) => void keys.push(`worked:${id}`) },
    { publish: () => undefined },
  );
  const access = {
    forTurn: async () => ({ chat: router, summary: router, billedTo: money.ownKey ? ('own_key' as const) : ('operator' as const), ...(money.ownKey ? { keyId: 'key-1' } : {}) }),
    keyFailed: async (id: string, reason: string) => void keys.push(`failed:${id}:${reason}`),
    isKeyFailure: (err: unknown) => err instanceof LlmError && err.options.status === 401,
    describeFailure: (err: unknown) => `401 ${err instanceof Error ? err.message.replace('sk-secret', 'sk-…') : ''}`,
  };
  const pipeline = new TurnPipeline({ TURN_MAX_OUTPUT_TOKENS: 1000 }, files, bus, access, budget, preview, turns, metrics, stages);
  const names = () => events.map((e) => (e.name === 'turn:stage' ? `stage:${e.payload.stage}` : e.name)).filter((n) => n !== 'chat:delta');
  return { pipeline, events, names, commits, ended, handedBack, webhooks, requests, staged, shown, billed, reserved, keys, ...pictureWorld };
}

const WRITE = '<response>Bluer.</response>\n<code path="src/components/Hero.tsx">\nexport default function Hero() { return <h1 className="text-blue-600">Hi</h1>; }\n</code>\n';
const signal = () => new AbortController().signal;

describe('TurnPipeline', () => {
  it('runs a turn stage by stage, in the API order, and commits one version', async () => {
    const w = world({ replies: [WRITE] });
    await w.pipeline.run(fakeTurn(), 1, signal());
    expect(w.names()).toEqual(['turn:started', 'stage:context', 'stage:llm', 'file:staged', 'stage:validate', 'stage:commit', 'stage:sync', 'turn:completed']);
    expect(w.commits.map((c) => [c.base, c.changes.map((x) => x.path)])).toEqual([[3, ['src/components/Hero.tsx']]]);
    expect(w.ended).toEqual([expect.objectContaining({ status: 'completed', version: 4, response: 'Bluer.' })]);
    expect(w.events.at(-1)?.payload).toMatchObject({ version: 4, response: 'Bluer.', changes: [{ action: 'write', path: 'src/components/Hero.tsx' }] });
    expect(w.webhooks).toEqual(['project.version.created', 'turn.completed']);
  });

  it('completes a reply of words only on the base version, with no commit', async () => {
    const w = world({ replies: ['<response>Nothing to change.</response>'] });
    await w.pipeline.run(fakeTurn(), 1, signal());
    expect(w.commits).toEqual([]);
    expect(w.ended).toEqual([expect.objectContaining({ status: 'completed', version: 3, changes: [] })]);
    expect(w.names().at(-1)).toBe('turn:completed');
  });

  it('a turn aborted because its worker shuts down is handed back: queued again, nothing committed, no ending event', async () => {
    const w = world({ replies: [WRITE] });
    const shutdown = new AbortController();
    shutdown.abort(new ShuttingDown());
    await w.pipeline.run(fakeTurn(), 1, shutdown.signal);
    expect(w.handedBack).toEqual(['back']);
    expect(w.commits).toEqual([]);
    expect(w.ended).toEqual([]);
    expect(w.names()).not.toContain('turn:cancelled');
    expect(w.names()).not.toContain('turn:failed');
    expect(w.names().at(-1)).toBe('turn:queued');
  });

  it('does not call the model for a turn cancelled before it started', async () => {
    const w = world({ replies: [], cancelRequested: true });
    await w.pipeline.run(fakeTurn(), 1, signal());
    expect(w.requests).toEqual([]);
    expect(w.names()).toEqual(['turn:started', 'turn:cancelled']);
    expect(w.ended).toEqual([expect.objectContaining({ status: 'cancelled' })]);
  });

  it('fails with RENDER_FAILED and commits nothing when the page still does not render after the repair', async () => {
    const failed: RenderCheckView = { status: 'failed', ms: 10, error: { kind: 'uncaught', message: 'boom' } };
    const w = world({ replies: [WRITE, '<response>Tried.</response>'], renders: [failed, failed] });
    await w.pipeline.run(fakeTurn(), 1, signal());
    expect(w.requests).toHaveLength(2);
    expect(w.commits).toEqual([]);
    expect(w.names().at(-1)).toBe('turn:failed');
    expect(w.ended).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'RENDER_FAILED' }) })]);
  });

  it('recovers a turn whose changes were recorded: lands them once and completes it', async () => {
    const w = world({ replies: [] });
    const pending: PendingCommit = { changes: [{ action: 'delete', path: 'src/components/Old.tsx' }], response: 'Removed.', refused: [], usage: null };
    await w.pipeline.recover(fakeTurn({ pendingCommit: pending }), 2);
    expect(w.commits).toEqual([{ base: 3, changes: pending.changes }]);
    expect(w.events.at(-1)).toMatchObject({ name: 'turn:completed', payload: { version: 4, response: 'Removed.', changes: [{ action: 'delete', path: 'src/components/Old.tsx' }] } });
  });

  it('fails a recovered turn whose reply the person saw stream, with nothing recorded, with TURN_INTERRUPTED', async () => {
    const w = world({ replies: [], showedReply: true });
    expect(await w.pipeline.recover(fakeTurn(), 2)).toBe('ended');
    expect(w.commits).toEqual([]);
    expect(w.handedBack).toEqual([]);
    expect(w.ended).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'TURN_INTERRUPTED' }) })]);
  });

  it('hands a recovered turn that showed nothing back to the queue, to run again from the start', async () => {
    const w = world({ replies: [] });
    expect(await w.pipeline.recover(fakeTurn(), 2)).toBe('handed-back');
    expect(w.handedBack).toEqual(['back']);
    expect(w.ended).toEqual([]);
    expect(w.commits).toEqual([]);
    expect(w.names()).toEqual(['turn:queued']);
  });

  it('fails, rather than runs again, a recovered turn that showed nothing but had a model call billed, or was recovered twice already', async () => {
    const call = { seq: 1, lease: 1, purpose: 'reply', provider: 'fake', model: 'fake-1', inputTokens: 7, cachedInputTokens: 0, outputTokens: 0, costMicroUsd: 7, billedTo: 'operator' } as const;
    for (const turn of [fakeTurn({ billedCalls: [call] }), fakeTurn({ lease: 6 })]) {
      const w = world({ replies: [] });
      expect(await w.pipeline.recover(turn, turn.lease + 1)).toBe('ended');
      expect(w.handedBack).toEqual([]);
      expect(w.ended).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'TURN_INTERRUPTED' }) })]);
    }
  });

  it('ends a cancelled recovered turn even when it showed nothing', async () => {
    const w = world({ replies: [], cancelRequested: true });
    expect(await w.pipeline.recover(fakeTurn({ cancelRequested: true }), 2)).toBe('ended');
    expect(w.handedBack).toEqual([]);
    expect(w.ended).toEqual([expect.objectContaining({ status: 'cancelled' })]);
  });
  describe('usage and budgets', () => {
    it('persists each call as it ends, reserving its estimate first (context tokens × input price + max output × output price)', async () => {
      const failed: RenderCheckView = { status: 'failed', ms: 10, error: { kind: 'uncaught', message: 'boom' } };
      const w = world({ replies: [WRITE, WRITE], renders: [failed, failed] });
      await w.pipeline.run(fakeTurn(), 1, signal());
      expect(w.billed.map((c) => [c.purpose, c.costMicroUsd, c.billedTo])).toEqual([
        ['reply', 1000, 'operator'],
        ['repair', 1000, 'operator'],
      ]);
      // The first call: 7 context tokens at 1 µ$ + 1000 output tokens at 2 µ$. The repair sends more.
      expect(w.reserved[0]).toBe(7 + 2000);
      expect(w.reserved[1]).toBeGreaterThan(w.reserved[0]);
      // A turn that fails still paid for its calls: they are on the turn for the ledger.
      expect(w.ended[0].error).toMatchObject({ code: 'RENDER_FAILED' });
    });

    it('fails with BUDGET_EXCEEDED, without calling the model, when the reservation is refused', async () => {
      const w = world({ replies: [WRITE], money: { reserve: () => ({ kind: 'refused', remainingMicroUsd: 500, monthlyMicroUsd: 10_000_000, periodEnd: '2026-01-01' }) } });
      await w.pipeline.run(fakeTurn(), 1, signal());
      expect(w.requests).toEqual([]);
      expect(w.billed).toEqual([]);
      expect(w.commits).toEqual([]);
      const error = w.ended[0].error;
      expect(error).toMatchObject({ code: 'BUDGET_EXCEEDED', details: { estimateUsd: 0.002007, remainingUsd: 0.0005, monthlyUsd: 10, periodEnd: '2026-01-01' } });
    });

    it('stops a reply whose running cost passes TURN_MAX_COST_USD: TURN_COST_CAP_REACHED, nothing committed', async () => {
      // $0.0001 = 100 µ$: 7 for the input, then 2 µ$ per 4 characters streamed passes it well inside the reply.
      const long = `<response>Long.</response>\n<code path="src/components/Hero.tsx">\n${'// padding\n'.repeat(40)}export default function Hero() { return <h1>Hi</h1>; }\n</code>\n`;
      const w = world({ replies: [long], money: { cap: 0.0001 } });
      await w.pipeline.run(fakeTurn(), 1, signal());
      expect(w.commits).toEqual([]);
      expect(w.ended).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'TURN_COST_CAP_REACHED', details: expect.objectContaining({ capUsd: 0.0001 }) }) })]);
      // The stopped call is on the turn for the ledger, from its estimate.
      expect(w.billed).toEqual([expect.objectContaining({ purpose: 'reply', provider: 'fake', model: 'fake-1', inputTokens: 7, costMicroUsd: expect.any(Number) })]);
      expect(w.billed[0].costMicroUsd).toBeGreaterThan(100);
      expect(w.names().at(-1)).toBe('turn:failed');
    });

    it('bills own-key calls to the person without a reservation, and a refused own key fails the turn with PROVIDER_KEY_FAILED', async () => {
      const ok = world({ replies: [WRITE], money: { ownKey: true } });
      await ok.pipeline.run(fakeTurn(), 1, signal());
      expect(ok.reserved).toEqual([]);
      expect(ok.billed.map((c) => c.billedTo)).toEqual(['own_key']);
      expect(ok.keys).toEqual(['worked:key-1']);

      const refused = world({ replies: [new LlmError('LLM_REQUEST_REFUSED', 'invalid api key sk-secret', { provider: 'openai', status: 401 })], money: { ownKey: true } });
      await refused.pipeline.run(fakeTurn(), 1, signal());
      // The reason as ModelAccess masks it, on the key and in the turn's error.
      expect(refused.keys).toEqual(['failed:key-1:401 invalid api key sk-…']);
      expect(refused.ended[0].error).toMatchObject({ code: 'PROVIDER_KEY_FAILED', details: { provider: 'openai', reason: '401 invalid api key sk-…' } });
      expect(JSON.stringify(refused.ended[0].error)).not.toContain('sk-secret');

      // An outage of the provider is not the key's fault: the turn fails with the model's own code.
      const down = world({ replies: [new LlmError('LLM_UNAVAILABLE', 'overloaded', { provider: 'openai', status: 503 })], money: { ownKey: true } });
      await down.pipeline.run(fakeTurn(), 1, signal());
      expect(down.keys).toEqual([]);
      expect(down.ended[0].error).toMatchObject({ code: 'LLM_UNAVAILABLE' });
    });
  });

  describe('pictures on the message', () => {
    it('reads each picture from the store and sends it before the text of the last message, in the order attached', async () => {
      const w = world({ replies: [WRITE], pictures: [picture('u-1', 'screenshot.png'), picture('u-2', 'design.png')] });
      await w.pipeline.run(fakeTurn(), 1, signal());
      expect(w.shown[0].map((p) => p.bytes.toString())).toEqual(['png bytes of screenshot.png', 'png bytes of design.png']);
      const last = w.requests[0].messages.at(-1)?.content;
      expect(Array.isArray(last) && last.map((p) => (p.type === 'image' ? Buffer.from(p.data, 'base64').toString() : p.text))).toEqual([
        'png bytes of screenshot.png',
        'png bytes of design.png',
        'Make the hero blue',
      ]);
      // References are for the model only: nothing of them reaches the version.
      expect(w.commits.map((c) => c.changes.map((x) => x.path))).toEqual([['src/components/Hero.tsx']]);
      expect(w.names().at(-1)).toBe('turn:completed');
    });

    it('fails with UPLOAD_NOT_FOUND, naming the picture, when its object is gone, without calling the model', async () => {
      const w = world({ replies: [WRITE], pictures: [picture('u-1', 'screenshot.png'), picture('u-2', 'gone.png', 'reference', false)] });
      await w.pipeline.run(fakeTurn(), 1, signal());
      expect(w.requests).toEqual([]);
      expect(w.commits).toEqual([]);
      expect(w.ended).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'UPLOAD_NOT_FOUND', message: expect.stringContaining('gone.png') }) })]);
      expect(w.names().at(-1)).toBe('turn:failed');
    });

    it('fails with MODEL_CANNOT_SEE_IMAGES, told like the other model errors, when no route can see pictures', async () => {
      const refusal = new LlmError('MODEL_CANNOT_SEE_IMAGES', 'The message carries pictures and no configured model can see them (openai:gpt-3.5-turbo).');
      const w = world({ replies: [refusal], pictures: [picture('u-1', 'screenshot.png')] });
      await w.pipeline.run(fakeTurn(), 1, signal());
      expect(w.commits).toEqual([]);
      const failed = w.events.find((e) => e.name === 'turn:failed');
      expect(failed?.payload).toMatchObject({ error: { code: 'MODEL_CANNOT_SEE_IMAGES', message: refusal.message } });
    });

    it('saves a picture marked use:asset as an asset staged in the turn and committed in its one version', async () => {
      const reply =
        '<response>Logo in.</response>\n<code path="src/components/Hero.tsx">\nexport default function Hero() { return <h1><img src="/assets/logo.png" alt="Acme" width={640} height={320} />Hi</h1>; }\n</code>\n';
      const w = world({ replies: [reply], pictures: [picture('u-1', 'logo.png', 'asset'), picture('u-2', 'screenshot.png')] });
      await w.pipeline.run(fakeTurn(), 1, signal());
      // The model is told where it is, and still sees the picture.
      expect(w.requests[0].system.dynamic).toContain('The person attached logo.png: it is saved as /assets/logo.png (640×320); use it where they asked.');
      expect(w.requests[0].system.dynamic).not.toContain('screenshot.png');
      // The preview and the chat get it before the model's change, and the one version holds both.
      expect(w.staged).toEqual(['public/assets/logo.png', 'public/assets/logo-480w.webp', 'src/components/Hero.tsx']);
      expect(w.events.filter((e) => e.name === 'file:staged').map((e) => e.payload.path)).toEqual(['public/assets/logo.png', 'public/assets/logo-480w.webp', 'src/components/Hero.tsx']);
      expect(w.commits).toHaveLength(1);
      expect(w.commits[0].changes.map((c) => c.path)).toEqual(['public/assets/logo.png', 'public/assets/logo-480w.webp', 'src/components/Hero.tsx']);
      // After the version: its metadata by the cleaned bytes' hash, and the path on the message.
      expect(w.upserted).toEqual([
        expect.objectContaining({ projectId: 'project-1', path: 'public/assets/logo.png', sha256: sha256Hex(Buffer.from('clean:png bytes of logo.png')), width: 640, height: 320, alt: 'Logo' }),
      ]);
      expect(w.upserted[0].variants).toEqual([{ path: 'public/assets/logo-480w.webp', width: 480, height: 240, bytes: 8 }]);
      expect(w.assetPaths).toEqual([new Map([['u-1', 'public/assets/logo.png']])]);
      expect(w.ended).toEqual([expect.objectContaining({ status: 'completed', version: 4 })]);
    });

    it('commits the asset even when the reply only talks, and records nothing when the turn fails', async () => {
      const talks = world({ replies: ['<response>Saved your logo.</response>'], pictures: [picture('u-1', 'logo.png', 'asset')] });
      await talks.pipeline.run(fakeTurn(), 1, signal());
      expect(talks.commits.map((c) => c.changes.map((x) => x.path))).toEqual([['public/assets/logo.png', 'public/assets/logo-480w.webp']]);
      expect(talks.assetPaths).toHaveLength(1);

      const fails = world({ replies: [new LlmError('LLM_UNAVAILABLE', 'down')], pictures: [picture('u-1', 'logo.png', 'asset')] });
      await fails.pipeline.run(fakeTurn(), 1, signal());
      expect(fails.commits).toEqual([]);
      expect(fails.upserted).toEqual([]);
      expect(fails.assetPaths).toEqual([]);
    });
  });
});
