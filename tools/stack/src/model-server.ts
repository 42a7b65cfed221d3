import { existsSync } from 'node:fs';
import { startChild } from './child.js';
import { StackError } from './log.js';
import type { Running } from './service.js';

const ENTRY = 'tools/model-server/dist/main.js';

/**
 * The scripted model (tools/model-server) for tests and benchmarks: the only thing we script. It starts
 * empty; tests register their replies over HTTP and pick them with a marker in the message.
 */
export async function startModelServer(log: (line: string) => void): Promise<Running & { url: string }> {
  if (!existsSync(ENTRY)) throw new StackError(`${ENTRY} is missing: build first (./studio does this for you).`);
  let ready!: (url: string) => void;
  const isReady = new Promise<string>((r) => (ready = r));
  const child = startChild(process.execPath, [ENTRY, '-'], {
    label: 'model',
    sink: (line) => {
      const m = /READY (\S+)/.exec(line);
      if (m) ready(m[1]);
      else log(line);
    },
  });
  const url = await Promise.race([
    isReady,
    child.exited.then((code): string => {
      throw new StackError(`the scripted model server exited (code ${code}) before it was ready`);
    }),
  ]);
  return { name: 'model', url, stop: () => child.stop() };
}

/**
 * What the apps need to reach the scripted model through the real SDKs: both protocols, the OpenAI one
 * first. The model names are what the server answers to when no scenario marker is present.
 */
export function scriptedModelEnv(url: string): Record<string, string> {
  return {
    MODEL_SERVER_URL: url,
    OPENAI_API_KEY: 'sk-scripted',
    OPENAI_BASE_URL: `${url}/v1`,
    ANTHROPIC_API_KEY: 'sk-ant-scripted',
    ANTHROPIC_BASE_URL: url,
    // `+vision`: the scripted server reads pictures in both protocols (tools/model-server received-images.ts).
    LLM_ROUTE: 'openai:scripted-gpt+vision,anthropic:scripted-claude+vision',
    // Priced (USD per million tokens), so the usage ledger and budgets see real costs in tests.
    LLM_PRICES: JSON.stringify({ 'scripted-gpt': { input: 1, output: 4, cachedInput: 0.1 }, 'scripted-claude': { input: 2, output: 8, cachedInput: 0.2 } }),
    // Short deadlines: a scripted model answers at once, and a test of a hung model should not wait 30 s.
    LLM_FIRST_TOKEN_TIMEOUT_MS: '10000',
  };
}
