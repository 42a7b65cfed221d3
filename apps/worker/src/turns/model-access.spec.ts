import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Env } from '@studio/config';
import type { ProviderKeyEntity, ProviderKeysRepository } from '@studio/data';
import { LlmError, LlmRouter } from '@studio/llm';
import { secretBox } from '@studio/platform';
import { ModelAccess } from './model-access.js';

const env = {
  JWT_SECRET: 'a-jwt-secret-of-at-least-thirty-two-characters',
  WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
  LLM_ROUTE: [{ provider: 'anthropic', model: 'claude-operator' }],
  LLM_FIRST_TOKEN_TIMEOUT_MS: 1000,
  LLM_TIMEOUT_MS: 1000,
} as const satisfies Partial<Env>;

const box = secretBox(env);
const operator = new LlmRouter({}, [{ provider: 'openai', model: 'operator-model' }]);

function keyOf(provider: ProviderKeyEntity['provider'], apiKey: string, extra: Partial<ProviderKeyEntity> = {}): ProviderKeyEntity {
  return {
    id: `id-${provider}`,
    userId: 'u1',
    provider,
    label: null,
    baseUrl: null,
    model: null,
    sealedKey: box.seal(apiKey),
    hint: `…${apiKey.slice(-4)}`,
    lastError: null,
    lastErrorAt: null,
    lastUsedAt: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...extra,
  };
}

/** A ProviderKeysRepository over a list, recording what the access noted on the keys. */
function access(keys: ProviderKeyEntity[]) {
  const failed: [string, string][] = [];
  const worked: string[] = [];
  const repo = {
    listOwned: async (userId: string) => keys.filter((k) => k.userId === userId),
    markFailed: async (id: string, reason: string) => void failed.push([id, reason]),
    markWorked: async (id: string) => void worked.push(id),
  } satisfies Pick<ProviderKeysRepository, 'listOwned' | 'markFailed' | 'markWorked'>;
  const models = new ModelAccess({ chat: operator, summary: operator }, env, repo);
  return { models, failed, worked };
}

describe('ModelAccess', () => {
  it('uses the operator routers for a person without keys', async () => {
    const turn = await access([]).models.forTurn('u1', null);
    expect(turn).toEqual({ chat: operator, summary: operator, billedTo: 'operator' });
  });

  it('uses only the person own keys, in a fixed order, with their model, the operator route model, or the default', async () => {
    const keys = [keyOf('openai-compatible', 'compat-key-1234', { baseUrl: 'http://127.0.0.1:9/v1', model: 'llama-3' }), keyOf('anthropic', 'sk-ant-key-5678'), keyOf('openai', 'sk-openai-key-9012')];
    const turn = await access([keys[2], keys[1], keys[0]]).models.forTurn('u1', null);
    expect(turn.billedTo).toBe('own_key');
    expect(turn.keyId).toBe('id-openai');
    expect(turn.chat).not.toBe(operator);
    expect(turn.chat.routes).toEqual([
      { provider: 'openai', model: 'gpt-4o-mini' },
      { provider: 'anthropic', model: 'claude-operator' },
      { provider: 'openai-compatible', model: 'llama-3' },
    ]);
  });

  it('puts the requested model first when its provider has a key, and ignores one whose provider has none', async () => {
    const { models } = access([keyOf('openai', 'sk-openai-key-9012'), keyOf('anthropic', 'sk-ant-key-5678')]);
    const asked = await models.forTurn('u1', 'anthropic:claude-opus-4');
    expect(asked.chat.routes[0]).toEqual({ provider: 'anthropic', model: 'claude-opus-4' });
    expect(asked.keyId).toBe('id-anthropic');
    const other = await models.forTurn('u1', 'openai-compatible:llama-3');
    expect(other.chat.routes.map((r) => r.provider)).toEqual(['openai', 'anthropic']);
  });

  it('refuses a base URL the address policy refuses, and notes it on the key', async () => {
    const { models, failed } = access([keyOf('openai-compatible', 'compat-key-1234', { baseUrl: 'http://169.254.169.254/v1', model: 'm' })]);
    await expect(models.forTurn('u1', null)).rejects.toMatchObject({ code: 'PROVIDER_URL_REFUSED' });
    expect(failed).toEqual([['id-openai-compatible', expect.stringContaining('link-local')]]);
  });

  it('fails PROVIDER_KEY_FAILED for a key sealed under a key the worker does not hold', async () => {
    const foreign = secretBox({ JWT_SECRET: 'another-jwt-secret-of-at-least-thirty-two-chars' }).seal('sk-openai-key-9012');
    const { models, failed } = access([keyOf('openai', 'x', { sealedKey: foreign })]);
    await expect(models.forTurn('u1', null)).rejects.toMatchObject({ code: 'PROVIDER_KEY_FAILED' });
    expect(failed[0][1]).toMatch(/can no longer be read/);
  });

  it('describes a provider failure without the key, and notes it masked', async () => {
    const { models, failed, worked } = access([keyOf('openai', 'sk-openai-key-9012')]);
    await models.forTurn('u1', null);
    const err = new LlmError('LLM_REQUEST_REFUSED', 'openai: 401 Incorrect API key provided: sk-openai-key-9012.', { status: 401, provider: 'openai' });
    const reason = models.describeFailure(err);
    expect(reason).toContain('401 Incorrect API key provided');
    expect(reason).not.toContain('9012');
    expect(models.isKeyFailure(err)).toBe(true);
    expect(models.isKeyFailure(new LlmError('LLM_UNAVAILABLE', 'openai: 503', { status: 503 }))).toBe(false);
    await models.keyFailed('id-openai', 'quoted again: sk-openai-key-9012 and its 9012 tail as sk-openai-key-9012');
    expect(failed[0][1]).not.toContain('sk-openai-key-9012');
    await models.keyWorked('id-openai');
    expect(worked).toEqual(['id-openai']);
  });

  describe('a call through a person own base URL', () => {
    const servers: Server[] = [];
    afterAll(async () => {
      for (const s of servers) await new Promise((resolve) => s.close(resolve));
    });
    const serve = async (answer: (res: ServerResponse) => void) => {
      const hits: string[] = [];
      const server = createServer((req, res) => {
        hits.push(`${req.method} ${req.url}`);
        req.resume();
        answer(res);
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
    };
    const callFails = async (chat: LlmRouter): Promise<unknown> => {
      const events: string[] = [];
      try {
        for await (const e of chat.stream({ system: { static: 'be brief' }, messages: [{ role: 'user', content: 'hi' }], maxOutputTokens: 10 })) events.push(e.type);
      } catch (err) {
        return err;
      }
      throw new Error(`the call did not fail (${events.join(', ')})`);
    };

    it.each(['openai-compatible', 'anthropic'] as const)('through %s refuses a redirect as a key failure, and its target receives nothing', async (provider) => {
      const metadata = await serve((res) => res.writeHead(200).end('{"AccessKeyId":"internal"}'));
      const evil = await serve((res) => res.writeHead(307, { location: `${metadata.url}/latest/meta-data/` }).end());
      const { models } = access([keyOf(provider, 'sk-own-key-3456', { baseUrl: `${evil.url}/v1`, model: 'm' })]);
      const err = await callFails((await models.forTurn('u1', null)).chat);
      expect(err).toMatchObject({ code: 'LLM_REQUEST_REFUSED' });
      expect(models.isKeyFailure(err)).toBe(true);
      expect(models.describeFailure(err)).toMatch(/redirect \(307\), which is not followed/);
      expect(evil.hits).toHaveLength(1);
      expect(metadata.hits).toEqual([]);
    });

    it('notes a provider error body capped and masked', async () => {
      const key = 'sk-own-key-7890';
      const echo = await serve((res) => res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `Bad key ${key} ${'x '.repeat(5000)}` } })));
      const { models, failed } = access([keyOf('openai-compatible', key, { baseUrl: `${echo.url}/v1`, model: 'm' })]);
      const err = await callFails((await models.forTurn('u1', null)).chat);
      expect(models.isKeyFailure(err)).toBe(true);
      await models.keyFailed('id-openai-compatible', models.describeFailure(err));
      const [[, reason]] = failed;
      expect(reason).toContain('401 Bad key [redacted]');
      expect(reason.length).toBeLessThanOrEqual(300);
      expect(reason).not.toContain('7890');
    });
  });
});
