import { loadEnv } from '@studio/config';
import { corsOrigins } from './cors-origins.js';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', REDIS_URL: 'redis://localhost:6379', JWT_SECRET: 'x'.repeat(32) };

describe('CORS_ORIGINS', () => {
  it('reflects no origin unless told (the web client is same-origin)', () => {
    expect(corsOrigins(loadEnv(base).CORS_ORIGINS)).toEqual([]);
    expect(corsOrigins(loadEnv({ ...base, CORS_ORIGINS: '' }).CORS_ORIGINS)).toEqual([]);
  });

  it('reflects exactly a configured list, or any origin for an explicit *', () => {
    expect(corsOrigins(loadEnv({ ...base, CORS_ORIGINS: 'https://app.example, http://localhost:5173/' }).CORS_ORIGINS)).toEqual(['https://app.example', 'http://localhost:5173']);
    expect(corsOrigins(loadEnv({ ...base, CORS_ORIGINS: '*' }).CORS_ORIGINS)).toBe(true);
  });

  it.each(['app.example', 'https://app.example/path', 'https://a.example,*', 'ftp://a.example'])('refuses %s at boot', (value) => {
    expect(() => loadEnv({ ...base, CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
  });
});
