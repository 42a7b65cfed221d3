import { readFileSync } from 'node:fs';
import { envSchema } from '@studio/config';
import { ENV_EXAMPLE_PATH, renderEnvExample, schemaComments } from './env-example.js';

describe('docker/.env.example', () => {
  it('is what `./studio env-example` makes from the config schema (run it after changing libs/config/src/env.schema.ts)', () => {
    expect(readFileSync(ENV_EXAMPLE_PATH, 'utf8')).toBe(renderEnvExample());
  });

  it('names every variable of the schema, with its default', () => {
    const text = renderEnvExample();
    for (const name of Object.keys(envSchema.in.shape).filter((n) => !['DATABASE_URL', 'REDIS_URL', 'S3_ENDPOINT'].includes(n))) {
      expect(text).toMatch(new RegExp(`^(# )?${name}=`, 'm'));
    }
    expect(text).toMatch(/^# PORT=3000$/m);
    expect(text).toMatch(/^# SHUTDOWN_GRACE_MS=20000$/m);
    expect(text).toMatch(/^# RENDER_CHECK=true$/m);
    // Required and not given by the compose file: left for the operator to set, uncommented.
    expect(text).toMatch(/^JWT_SECRET=$/m);
  });

  it('carries the comment written above a variable, including multi-line ones', () => {
    const comments = schemaComments(readFileSync('libs/config/src/env.schema.ts', 'utf8'));
    expect(comments.get('QUEUE_PREFIX')).toBe("BullMQ's key prefix in Redis: API and worker processes with the same prefix share queues.");
    expect(comments.get('SHUTDOWN_GRACE_MS')).toMatch(/^On SIGTERM a process stops taking work .* plus a few seconds\.$/);
    // Variables grouped under one comment get it once, on the first.
    expect(comments.has('PREVIEW_NETWORK')).toBe(false);
    expect(renderEnvExample()).toContain("# BullMQ's key prefix in Redis: API and worker processes with the same prefix share queues.\n# QUEUE_PREFIX=studio\n");
  });
});
