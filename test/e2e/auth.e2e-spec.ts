import { Client, signUp, strongPassword, uniqueEmail } from './support/api.js';

describe('auth: register → login → refresh → me', () => {
  it('signs a person up, in, refreshes and tells who they are', async () => {
    const client = new Client();
    const email = uniqueEmail('Flow').toUpperCase();
    const password = strongPassword();

    const registered = await client.post('/api/auth/register', { email, password });
    expect(registered.status).toBe(201);
    expect(registered.body.user).toEqual({ id: expect.any(String), email: email.toLowerCase(), role: 'user' });
    expect(registered.body.refreshToken).toMatch(/^rt_/);

    const login = await client.post('/api/auth/login', { email: email.toLowerCase(), password });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(registered.body.user.id);

    const refreshed = await client.post('/api/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
    expect(refreshed.body.accessToken).not.toBe(login.body.accessToken);

    client.token = refreshed.body.accessToken;
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: registered.body.user.id, email: email.toLowerCase(), role: 'user' });
  });

  it('refuses bad input with the fields named', async () => {
    const res = await new Client().post('/api/auth/register', { email: 'not-an-email', password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['email', 'password']);

    const malformed = await new Client().request('POST', '/api/auth/login', '{"email":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const user = await signUp('known');
    const wrongPassword = await new Client().post('/api/auth/login', { email: user.email, password: 'wrong-password' });
    const unknownEmail = await new Client().post('/api/auth/login', { email: uniqueEmail('nobody'), password: 'wrong-password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a second account on the same email, whatever its case', async () => {
    const user = await signUp('dup');
    const again = await new Client().post('/api/auth/register', { email: user.email.toUpperCase(), password: strongPassword() });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_UNAVAILABLE');
  });

  it('rotates refresh tokens, and a reused one revokes the whole family', async () => {
    const user = await signUp('rotate');
    const client = new Client();
    const first = await client.post('/api/auth/refresh', { refreshToken: user.refreshToken });
    expect(first.status).toBe(200);

    // The spent token comes back (stolen copy): refused, and the family dies with it.
    const reuse = await client.post('/api/auth/refresh', { refreshToken: user.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED');

    const next = await client.post('/api/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(next.status).toBe(401);
    expect((await new Client(first.body.accessToken).get('/api/auth/me')).status).toBe(401);
    expect((await new Client(user.accessToken).get('/api/auth/me')).status).toBe(401);

    // Other sign-ins of the same person are untouched.
    const other = await new Client().post('/api/auth/login', { email: user.email, password: user.password });
    expect((await new Client(other.body.accessToken).get('/api/auth/me')).status).toBe(200);
  });

  it('refuses refresh tokens that were never issued', async () => {
    for (const refreshToken of ['rt_made-up', 'not-even-a-token', 'x'.repeat(300)]) {
      const res = await new Client().post('/api/auth/refresh', { refreshToken });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    }
  });

  it('logout ends the session: its access and refresh tokens stop working', async () => {
    const user = await signUp('logout');
    expect((await user.client.post('/api/auth/logout')).status).toBe(204);
    expect((await user.client.get('/api/auth/me')).status).toBe(401);
    const refresh = await new Client().post('/api/auth/refresh', { refreshToken: user.refreshToken });
    expect(refresh.status).toBe(401);
  });

  it('limits sign-in attempts per email, with Retry-After', async () => {
    const user = await signUp('limited');
    const statuses: number[] = [];
    let last;
    // From one address, under its own limit (30 a minute): the per-email limit (10 failures a minute) stops it.
    const guesser = new Client();
    for (let i = 0; i < 11; i++) {
      last = await guesser.post('/api/auth/login', { email: user.email, password: 'wrong-password' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(last!.status).toBe(429);
    expect(last!.body.error.code).toBe('RATE_LIMITED');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password waits out the window there: a guesser cannot tell when they hit it.
    const right = await guesser.post('/api/auth/login', { email: user.email, password: user.password });
    expect(right.status).toBe(429);
    // Twelve password checks (a slow hash by design) one after another, on a busy machine.
  }, 30_000);

  it('limits sign-in attempts per address', async () => {
    const client = new Client();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await client.post('/api/auth/login', { email: uniqueEmail('spray'), password: 'whatever' })).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    // 31 sign-ins one after another, each a full scrypt hash (~0.1-0.3 s on a busy machine).
  }, 30_000);
});
