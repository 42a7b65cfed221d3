import { randomBytes } from 'node:crypto';
import { rotationEnv } from './secrets-rotate.js';

const JWT_SECRET = 'a-jwt-secret-of-at-least-thirty-two-characters';
const key = () => randomBytes(32).toString('base64');

describe('rotationEnv', () => {
  it('takes only the key variables, so rotation runs without the apps whole configuration', () => {
    const [current, old] = [key(), key()];
    expect(rotationEnv({ JWT_SECRET, SECRETS_KEY: current, SECRETS_KEY_PREVIOUS: ` ${old} `, S3_BUCKET: 'Not A Bucket' })).toEqual({
      JWT_SECRET,
      SECRETS_KEY: current,
      SECRETS_KEY_PREVIOUS: ` ${old} `,
    });
    expect(rotationEnv({ JWT_SECRET, SECRETS_KEY: '', SECRETS_KEY_PREVIOUS: '' })).toEqual({ JWT_SECRET, SECRETS_KEY: undefined, SECRETS_KEY_PREVIOUS: undefined });
  });

  it('refuses a missing JWT_SECRET and keys that are not 32 bytes, naming the variable', () => {
    expect(() => rotationEnv({ SECRETS_KEY: key() })).toThrow(/JWT_SECRET/);
    expect(() => rotationEnv({ JWT_SECRET, SECRETS_KEY: randomBytes(16).toString('base64') })).toThrow(/^SECRETS_KEY must be 32 bytes/);
    expect(() => rotationEnv({ JWT_SECRET, SECRETS_KEY: key(), SECRETS_KEY_PREVIOUS: `${key()},short` })).toThrow(/^SECRETS_KEY_PREVIOUS/);
  });
});
