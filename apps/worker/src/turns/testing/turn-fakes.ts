import type { ProjectEventName, ProjectEventPayloads } from '@studio/contracts';
import type { TurnEntity } from '@studio/data';
import { type ChatMessage, LlmError, type LlmRouter, type RouterEvent } from '@studio/llm';
import { ChangeValidator, WorkingTree } from '@studio/validation';
import type { ModelCall } from '../reply-stream.js';
import { TurnMetrics } from '../turn-metrics.js';
import { TurnReporter } from '../turn-reporter.js';
import { type RunningTurn, TurnRun } from '../turn-run.js';

/** Fakes for the turn stages' unit tests: no database, no Redis, no model. */

export const LIMITS = { maxFileBytes: 10_000, maxFiles: 20, maxProjectBytes: 100_000, maxPathLength: 256 };

export function fakeTurn(overrides: Partial<TurnEntity> = {}): RunningTurn {
  return {
    id: 'turn-1',
    projectId: 'project-1',
    userId: 'user-1',
    status: 'running',
    message: 'Make the hero blue\nand more',
    model: null,
    response: '',
    version: null,
    changes: [],
    refused: [],
    partial: false,
    warnings: [],
    render: null,
    usage: null,
    error: null,
    billedCalls: [],
    reservedMicroUsd: 0,
    pendingCommit: null,
    cancelRequested: false,
    lease: 1,
    createdAt: new Date(),
    startedAt: new Date(),
    heartbeatAt: new Date(),
    finishedAt: null,
    ...overrides,
    baseVersion: overrides.baseVersion ?? 3,
  };
}

/** A TurnRun whose reporter records what it publishes and audits. */
export function fakeRun(turn = fakeTurn(), signal?: AbortSignal) {
  const events: { name: ProjectEventName; payload: Record<string, unknown> }[] = [];
  const audits: { kind: string; data: Record<string, unknown> }[] = [];
  const bus = {
    publish: async <E extends ProjectEventName>(_projectId: string, name: E, payload: ProjectEventPayloads[E]) => {
      events.push({ name, payload: { ...payload } });
      return null;
    },
    flush: async () => undefined,
  };
  const store = { audit: async (_turnId: string, kind: string, data: Record<string, unknown> = {}) => void audits.push({ kind, data }) };
  const metrics = new TurnMetrics();
  const run = new TurnRun(turn, turn.lease, new TurnReporter(bus, store, metrics, turn.projectId, turn.id), signal);
  return { run, events, audits, metrics, names: () => events.map((e) => e.name), audited: () => audits.map((a) => a.kind) };
}

/** A working tree of a tiny page, and a validator over it (no type-checker). */
export function fakeValidator(files: Record<string, string> = {}) {
  const tree = new WorkingTree(
    new Map(
      Object.entries({
        'src/App.tsx': "import Hero from './components/Hero';\nexport default function App() { return <Hero />; }\n",
        'src/components/Hero.tsx': 'export default function Hero() { return <h1>Hi</h1>; }\n',
        ...files,
      }).map(([p, c]) => [p, Buffer.from(c)]),
    ),
  );
  const validator = new ChangeValidator(tree, { packages: new Set(['react', 'react-dom']), limits: LIMITS, components: { source: () => null, suggest: () => [] } });
  return { tree, validator };
}

/**
 * A model that answers each call with the next of `replies`, in chunks of `chunk` characters; a reply that
 * is an LlmError is thrown instead. `requests` keeps what each call was sent.
 */
export function fakeRouter(replies: (string | LlmError)[], chunk = 7) {
  const requests: { messages: ChatMessage[]; system: { static: string; dynamic?: string } }[] = [];
  const router: Pick<LlmRouter, 'stream' | 'routesPreferring'> = {
    routesPreferring: () => [{ provider: 'fake', model: 'fake-1' }],
    async *stream(request): AsyncGenerator<RouterEvent> {
      requests.push({ messages: request.messages, system: request.system });
      const reply = replies.shift();
      if (reply === undefined) throw new Error('the fake model has no more replies');
      if (reply instanceof LlmError) throw reply;
      for (let i = 0; i < reply.length; i += chunk) yield { type: 'delta', text: reply.slice(i, i + chunk) };
      yield { type: 'done', provider: 'fake', model: 'fake-1', usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 0 }, finishReason: 'stop', costUsd: 0.001 };
    },
  };
  return { router, requests };
}

export function fakeCall(router: Pick<LlmRouter, 'stream'>, signal = new AbortController().signal): ModelCall {
  return {
    router,
    routes: [{ provider: 'fake', model: 'fake-1' }],
    system: { static: 'STATIC', dynamic: 'FILES' },
    messages: [{ role: 'user', content: 'Make the hero blue' }],
    maxOutputTokens: 1000,
    signal,
  };
}
