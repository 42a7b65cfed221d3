import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { MAX_BREAKPOINTS, promptBlocks } from './prompt-blocks.js';
import { PromptCache, type PromptUsage } from './prompt-cache.js';
import { anthropicFrames, openAiFrames, type ProtocolFrames, usageOf } from './protocols.js';
import { type ReceivedImage, scanImages } from './received-images.js';
import type { ReplyStep, Scenario } from './scenario.js';

export interface RecordedRequest {
  protocol: 'openai' | 'anthropic';
  model: string;
  /** The scenario that answered (by model name or marker), if any. */
  scenario?: string;
  body: Record<string, unknown>;
  /** The pictures in the messages, as this protocol carried them; their tokens are added to the reported input. */
  images: ReceivedImage[];
  /** Wall-clock ms (fractional) when the request arrived and when the reply's last byte was written. */
  receivedAt: number;
  lastByteAt?: number;
  /** When the chunk completing the step's `stamp` text was written. */
  stampAt?: number;
  /** The credential the request carried (Authorization bearer or x-api-key): which key a turn used. */
  credential: string | null;
  /** The input the reply reported: all of it, read from the prompt cache, written to it (Anthropic). */
  usage?: PromptUsage;
}

export interface ScriptedModelServer {
  /** Base URL: OpenAI clients use `${url}/v1`, Anthropic clients `${url}`. */
  url: string;
  requests: RecordedRequest[];
  /** Adds (or replaces) a scenario while the server runs; the same as `POST /_scenarios`. */
  register(id: string, scenario: Scenario): void;
  close(): Promise<void>;
}

const MARKER = /\[\[scenario:([A-Za-z0-9_.-]+)\]\]/;
const now = () => performance.timeOrigin + performance.now();

/**
 * A small HTTP server that speaks the OpenAI and Anthropic streaming protocols well enough for the real SDKs
 * (the only thing the tests script is the model). The scenario is the one named like the request's model,
 * else the one whose marker appears in the latest user message that has one. Test processes that do not
 * share memory with it register scenarios and read what it received over HTTP:
 * `POST /_scenarios {id, scenario}` and `GET /_scenarios/<id>/requests`.
 */
export async function startScriptedModelServer(initial: Record<string, Scenario>, port = 0): Promise<ScriptedModelServer> {
  const scenarios = new Map(Object.entries(initial));
  const served = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const cache = new PromptCache();

  const server = createServer(async (req, res) => {
    if (req.url?.startsWith('/_scenarios')) return admin(req, res);
    const protocol = req.method === 'POST' && req.url === '/v1/chat/completions' ? 'openai' : req.method === 'POST' && req.url === '/v1/messages' ? 'anthropic' : null;
    if (!protocol) return json(res, 404, { error: { type: 'not_found', message: `No route ${req.method} ${req.url}` } });
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    const model = String(body.model ?? '');
    const id = scenarios.has(model) ? model : markedScenario(body);
    const scan = scanImages(protocol, body);
    const credential = credentialOf(req);
    const record: RecordedRequest = { protocol, model, scenario: id ?? undefined, body, images: scan.images, receivedAt: now(), credential };
    requests.push(record);
    if (scan.error) return json(res, 400, { error: { type: 'invalid_request_error', message: scan.error } });
    const blocks = promptBlocks(protocol, body, scan.images);
    const marks = blocks.filter((b) => b.breakpoint).length;
    // Anthropic refuses a request that marks more cache breakpoints than it keeps, in these words.
    const tooMany = `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${marks}.`;
    if (marks > MAX_BREAKPOINTS) return json(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: tooMany } });
    const scenario = id ? scenarios.get(id) : undefined;
    if (!scenario) return json(res, 404, { error: { type: 'not_found_error', message: `model ${model} not found` } });
    if (credential !== null && scenario.refuseKeys?.includes(credential)) return json(res, 401, refusedKeyBody(protocol, credential));

    // Failures and replies are used up per protocol and scenario, so each client sees a script from the start.
    const key = `${protocol}:${id}`;
    const n = served.get(key) ?? 0;
    served.set(key, n + 1);
    const failure = scenario.failures?.[n];
    if (failure?.kind === 'status') {
      if (failure.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(failure.retryAfterSeconds));
      return json(res, failure.status, { error: { type: 'scripted_failure', message: `scripted ${failure.status}` } });
    }
    if (failure?.kind === 'hang') return; // never answers; the client's timeout (or abort) ends it

    const step = stepOf(scenario, n - (scenario.failures?.length ?? 0));
    const imageTokens = scan.images.reduce((sum, i) => sum + i.tokens, 0);
    // The provider read the prompt (its cache with it) once it answers, even a reply that is then cut.
    const prompt = protocol === 'openai' ? cache.automatic(`openai:${model}`, blocks) : cache.explicit(`anthropic:${model}`, blocks);
    const usage = usageOf(step, prompt, imageTokens);
    record.usage = { input: usage.input, cached: usage.cached, created: usage.created };
    const frames = protocol === 'openai' ? openAiFrames(model, step, usage) : anthropicFrames(model, step, usage);
    await stream(res, frames, step, failure?.kind === 'cut' ? failure.afterChars : undefined, (at) => (record.stampAt = at));
    record.lastByteAt = now();
  });

  function admin(req: IncomingMessage, res: ServerResponse) {
    const match = /^\/_scenarios\/([A-Za-z0-9_.-]+)\/requests$/.exec(req.url ?? '');
    if (req.method === 'GET' && match)
      return json(
        res,
        200,
        requests.filter((r) => r.scenario === match[1]),
      );
    if (req.method === 'POST' && req.url === '/_scenarios') {
      return void readBody(req).then((text) => {
        const { id, scenario } = JSON.parse(text) as { id: string; scenario: Scenario };
        if (!/^[A-Za-z0-9_.-]+$/.test(id ?? '') || typeof scenario?.reply !== 'string') return json(res, 400, { error: 'need {id, scenario: {reply, ...}}' });
        scenarios.set(id, scenario);
        json(res, 201, { id });
      });
    }
    json(res, 404, { error: 'no such admin route' });
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    register: (id, scenario) => void scenarios.set(id, scenario),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The key a request carried, as either SDK sends it. */
function credentialOf(req: IncomingMessage): string | null {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
  if (bearer) return bearer[1];
  const apiKey = req.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : null;
}

/** A 401 as each provider words it; OpenAI quotes the key's start and end, which a product must not pass on whole. */
function refusedKeyBody(protocol: 'openai' | 'anthropic', key: string) {
  if (protocol === 'anthropic') return { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } };
  const quoted = `${key.slice(0, 6)}${'*'.repeat(Math.max(4, key.length - 10))}${key.slice(-4)}`;
  return {
    error: {
      message: `Incorrect API key provided: ${quoted}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  };
}

/** The k-th successful reply of a scenario: itself, then its `then` steps, the last one repeating. */
function stepOf(s: Scenario, k: number): ReplyStep {
  if (k <= 0 || !s.then?.length) return s;
  return s.then[Math.min(k, s.then.length) - 1];
}

/** The marker in the latest user message that carries one (both protocols; string or block content). */
function markedScenario(body: Record<string, unknown>): string | null {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: string; content?: unknown }[]) : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role !== 'user') continue;
    const found = MARKER.exec(typeof messages[i].content === 'string' ? (messages[i].content as string) : JSON.stringify(messages[i].content));
    if (found) return found[1];
  }
  return null;
}

async function stream(res: ServerResponse, frames: ProtocolFrames, s: ReplyStep, cutAfter: number | undefined, stamped: (at: number) => void) {
  // -1 (never stamped) when the text is not in the reply, rather than the first chunk.
  const stampAt = s.stamp ? s.reply.indexOf(s.stamp) : -1;
  const stampEnd = stampAt < 0 ? -1 : stampAt + s.stamp!.length;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const f of frames.start()) res.write(f);
  const size = Math.max(1, s.chunkChars ?? 16);
  for (let at = 0; at < s.reply.length; at += size) {
    if (cutAfter !== undefined && at >= cutAfter) {
      // A connection cut mid-reply: let what was written reach the client first, then drop it.
      await new Promise((r) => setTimeout(r, 30));
      res.socket?.destroy();
      return;
    }
    if (s.chunkDelayMs) await new Promise((r) => setTimeout(r, s.chunkDelayMs));
    if (res.destroyed) return; // the client went away (cancelled)
    res.write(frames.delta(s.reply.slice(at, at + size)));
    if (stampEnd > at && stampEnd <= at + size) stamped(now());
  }
  res.write(frames.finish().join(''));
  res.end();
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
