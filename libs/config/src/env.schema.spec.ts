import { ConfigError, loadEnv } from './env.schema.js';

const base = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/db',
  REDIS_URL: 'redis://localhost:6379',
  JWT_SECRET: 'x'.repeat(32),
};

function problems(env: Record<string, string>): string[] {
  try {
    loadEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected the environment to be refused');
}

describe('loadEnv', () => {
  it('applies the documented defaults', () => {
    const env = loadEnv(base);
    expect(env.PORT).toBe(3000);
    expect(env.S3_BUCKET).toBe('studio');
    expect(env.PUBLIC_URL).toBe('http://localhost:3000');
    expect(env.S3_FORCE_PATH_STYLE).toBe(false);
    expect(env.JWT_ACCESS_TTL).toBe(900);
  });

  it('turns on path-style S3 URLs when an endpoint is set, unless told otherwise', () => {
    expect(loadEnv({ ...base, S3_ENDPOINT: 'http://127.0.0.1:9000' }).S3_FORCE_PATH_STYLE).toBe(true);
    expect(loadEnv({ ...base, S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'false' }).S3_FORCE_PATH_STYLE).toBe(false);
  });

  it('has upload limits with the documented defaults, and refuses a public S3 endpoint that is no URL', () => {
    expect(loadEnv(base)).toMatchObject({
      USER_STORAGE_QUOTA_BYTES: 500 * 1024 * 1024,
      UPLOAD_URL_TTL_SECONDS: 300,
      USER_MAX_PENDING_UPLOADS: 20,
      ASSET_MAX_IMAGE_BYTES: 10 * 1024 * 1024,
      ASSET_MAX_FONT_BYTES: 2 * 1024 * 1024,
      ASSET_MAX_IMAGE_PIXELS: 50_000_000,
    });
    expect(loadEnv(base).S3_PUBLIC_ENDPOINT).toBeUndefined();
    expect(loadEnv({ ...base, S3_PUBLIC_ENDPOINT: 'https://files.example.test' }).S3_PUBLIC_ENDPOINT).toBe('https://files.example.test');
    expect(problems({ ...base, S3_PUBLIC_ENDPOINT: 'files.example.test' }).some((p) => p.startsWith('S3_PUBLIC_ENDPOINT:'))).toBe(true);
    expect(problems({ ...base, UPLOAD_URL_TTL_SECONDS: '5' }).some((p) => p.startsWith('UPLOAD_URL_TTL_SECONDS:'))).toBe(true);
  });

  it('names each missing required variable', () => {
    expect(problems({})).toEqual(expect.arrayContaining(['DATABASE_URL: is required', 'REDIS_URL: is required', 'JWT_SECRET: is required']));
  });

  it('names the variable with a bad value and never echoes the value', () => {
    const found = problems({ ...base, PORT: 'eighty', DATABASE_URL: 'mysql://secret-password@x/db', JWT_SECRET: 'short' });
    expect(found.some((p) => p.startsWith('PORT:'))).toBe(true);
    expect(found.some((p) => p.startsWith('DATABASE_URL:') && p.includes('postgres'))).toBe(true);
    expect(found.some((p) => p.startsWith('JWT_SECRET:'))).toBe(true);
    expect(found.join('\n')).not.toContain('secret-password');
  });

  it('treats an empty variable as unset', () => {
    expect(loadEnv({ ...base, PORT: '' }).PORT).toBe(3000);
  });

  it('refuses a placeholder JWT secret in production', () => {
    expect(problems({ ...base, NODE_ENV: 'production', JWT_SECRET: 'change-me-' + 'x'.repeat(30) })).toEqual(['JWT_SECRET: must be a real secret in production']);
  });
});

describe('loadEnv: models', () => {
  it('accepts a route of provider:model pairs and refuses anything else', () => {
    expect(loadEnv({ ...base, LLM_ROUTE: 'anthropic:claude-sonnet-4-5, openai:gpt-4.1' }).LLM_ROUTE).toEqual([
      { provider: 'anthropic', model: 'claude-sonnet-4-5' },
      { provider: 'openai', model: 'gpt-4.1' },
    ]);
    expect(loadEnv(base).LLM_ROUTE).toEqual([]);
    expect(problems({ ...base, LLM_ROUTE: 'claude' })).toEqual(['LLM_ROUTE: must be provider:model pairs separated by commas']);
    expect(problems({ ...base, LLM_PRICES: '{nope' })).toEqual(['LLM_PRICES: must be a JSON object']);
  });

  it('splits each entry at its first colon (a model name may have colons of its own), and keeps the summary route apart', () => {
    const env = loadEnv({ ...base, LLM_ROUTE: ' openai:llama3:8b ', LLM_SUMMARY_ROUTE: 'anthropic:claude-haiku-4-5' });
    expect(env.LLM_ROUTE).toEqual([{ provider: 'openai', model: 'llama3:8b' }]);
    expect(env.LLM_SUMMARY_ROUTE).toEqual([{ provider: 'anthropic', model: 'claude-haiku-4-5' }]);
    expect(loadEnv(base).LLM_SUMMARY_ROUTE).toBeUndefined();
    expect(problems({ ...base, LLM_SUMMARY_ROUTE: 'openai:a,,openai:b' })).toEqual(['LLM_SUMMARY_ROUTE: must be provider:model pairs separated by commas']);
  });
});
