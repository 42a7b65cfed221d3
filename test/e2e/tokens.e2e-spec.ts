import { randomUUID } from 'node:crypto';
import { Client, handshake, signUp } from './support/api.js';
import { craftJwt, decodePayload } from './support/jwt.js';

const JWT_SECRET = process.env.JWT_SECRET!;

/** Every bad credential is refused the same way on REST (401 UNAUTHORIZED) and at the socket handshake. */
async function expectRefused(token: string | undefined) {
  const rest = await new Client(token).get('/api/auth/me');
  expect(rest.status).toBe(401);
  expect(rest.body.error.code).toBe('UNAUTHORIZED');
  expect(await handshake(token)).toBe('UNAUTHORIZED');
}

describe('access tokens', () => {
  let user: Awaited<ReturnType<typeof signUp>>;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    user = await signUp('tokens');
    claims = decodePayload(user.accessToken);
  });

  it('a valid token works on REST and at the handshake', async () => {
    expect((await user.client.get('/api/auth/me')).status).toBe(200);
    expect(await handshake(user.accessToken)).toBe('connected');
  });

  it('refuses no token at all', async () => {
    await expectRefused(undefined);
  });

  it('refuses a token signed with another secret (forged)', async () => {
    await expectRefused(craftJwt({ alg: 'HS256', typ: 'JWT' }, claims, 'not-the-server-secret-not-the-server-secret'));
  });

  it('refuses alg: none', async () => {
    await expectRefused(craftJwt({ alg: 'none', typ: 'JWT' }, claims));
    await expectRefused(craftJwt({ alg: 'none', typ: 'JWT' }, claims, JWT_SECRET));
  });

  it('refuses another algorithm, even with a valid HMAC', async () => {
    // An HS512 token made with the real secret: valid as HS512, refused because the algorithm is pinned.
    const { createHmac } = await import('node:crypto');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    await expectRefused(`${unsigned}.${createHmac('sha512', JWT_SECRET).update(unsigned).digest('base64url')}`);
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(craftJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 3600, exp: now - 60 }, JWT_SECRET));
  });

  it('refuses a tampered token (claims changed, signature kept)', async () => {
    const other = await signUp('victim');
    const [header, , signature] = user.accessToken.split('.');
    const payload = Buffer.from(JSON.stringify({ ...claims, sub: other.userId })).toString('base64url');
    await expectRefused(`${header}.${payload}.${signature}`);
  });

  it('refuses a well-signed token whose session does not exist', async () => {
    await expectRefused(craftJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, sid: randomUUID() }, JWT_SECRET));
  });

  it('refuses a revoked token (after logout)', async () => {
    const revoked = await signUp('revoked');
    expect(await handshake(revoked.accessToken)).toBe('connected');
    expect((await revoked.client.post('/api/auth/logout')).status).toBe(204);
    await expectRefused(revoked.accessToken);
  });

  it('refuses garbage', async () => {
    await expectRefused('not.a.jwt');
    await expectRefused('x'.repeat(5000));
  });
});
