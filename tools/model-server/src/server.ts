import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { anthropicFrames, openAiFrames, type ProtocolFrames } from './protocols.js';
import type { Scenario } from './scenario.js';

export interface RecordedRequest {
  protocol: 'openai' | 'anthropic';
  model: string;
  body: Record<string, unknown>;
}

export interface ScriptedModelServer {
  /** Base URL: OpenAI clients use `${url}/v1`, Anthropic clients `${url}`. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A small HTTP server that speaks the OpenAI and Anthropic streaming protocols well enough for the real SDKs
 * (the only thing the tests script is the model). The request's model name picks the scenario.
 */
export async function startScriptedModelServer(scenarios: Record<string, Scenario>, port = 0): Promise<ScriptedModelServer> {
  const served = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer(async (req, res) => {
    const protocol = req.method === 'POST' && req.url === '/v1/chat/completions' ? 'openai' : req.method === 'POST' && req.url === '/v1/messages' ? 'anthropic' : null;
    if (!protocol) return json(res, 404, { error: { type: 'not_found', message: `No route ${req.method} ${req.url}` } });
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    const model = String(body.model ?? '');
    requests.push({ protocol, model, body });
    const scenario = scenarios[model];
    if (!scenario) return json(res, 404, { error: { type: 'not_found_error', message: `model ${model} not found` } });

    // Failures are used up per protocol and model, so each client sees a scenario's script from the start.
    const key = `${protocol}:${model}`;
    const n = served.get(key) ?? 0;
    served.set(key, n + 1);
    const failure = scenario.failures?.[n];
    if (failure?.kind === 'status') {
      if (failure.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(failure.retryAfterSeconds));
      return json(res, failure.status, { error: { type: 'scripted_failure', message: `scripted ${failure.status}` } });
    }
    if (failure?.kind === 'hang') return; // never answers; the client's timeout (or abort) ends it

    const frames = protocol === 'openai' ? openAiFrames(model, scenario) : anthropicFrames(model, scenario);
    await stream(res, frames, scenario, failure?.kind === 'cut' ? failure.afterChars : undefined);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function stream(res: ServerResponse, frames: ProtocolFrames, s: Scenario, cutAfter?: number) {
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
  }
  for (const f of frames.finish()) res.write(f);
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
