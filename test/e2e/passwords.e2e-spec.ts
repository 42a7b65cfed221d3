import { jest } from '@jest/globals';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { Client, signUp, strongPassword, uniqueEmail } from './support/api.js';

// Every sign-in here is a full scrypt hash (~0.1-0.3 s on a busy machine), and some tests make dozens.
jest.setTimeout(60_000);

/** A password of exactly `bytes` ASCII bytes, different every time. */
const passwordOf = (bytes: number) => strongPassword().padEnd(bytes, 'x').slice(0, bytes);

async function withDb<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

const login = (email: string, password: string, client = new Client()) => client.post('/api/auth/login', { email, password });

describe('passwords: the whole password counts', () => {
  it('a 72-byte password plus a suffix does not sign in', async () => {
    const email = uniqueEmail('pw72');
    const password = passwordOf(72);
    expect((await new Client().post('/api/auth/register', { email, password })).status).toBe(201);
    const longer = await login(email, `${password}-anything`);
    expect(longer.status).toBe(401);
    expect(longer.body.error.code).toBe('INVALID_CREDENTIALS');
    expect((await login(email, password)).status).toBe(200);
  });

  it('a long password (200 bytes) registers, and its first 72 bytes do not sign in', async () => {
    const email = uniqueEmail('pw200');
    const password = passwordOf(200);
    expect((await new Client().post('/api/auth/register', { email, password })).status).toBe(201);
    expect((await login(email, password.slice(0, 72))).status).toBe(401);
    expect((await login(email, password)).status).toBe(200);
  });

  it('register and login share one rule: over 1024 characters is 400 VALIDATION_FAILED on both', async () => {
    const tooLong = passwordOf(1025);
    const register = await new Client().post('/api/auth/register', { email: uniqueEmail('pw-long'), password: tooLong });
    expect(register.status).toBe(400);
    expect(register.body.error.code).toBe('VALIDATION_FAILED');
    const user = await signUp('pw-long-login');
    const signIn = await login(user.email, tooLong);
    expect(signIn.status).toBe(400);
    expect(signIn.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('an account with an old bcrypt hash signs in, and its hash becomes scrypt', async () => {
    const email = uniqueEmail('pw-bcrypt');
    const password = strongPassword();
    await withDb((db) => db.query('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [email, bcrypt.hashSync(password, 4)]));

    expect((await login(email, 'not-the-password')).status).toBe(401);
    expect((await login(email, password)).status).toBe(200);
    const { rows } = await withDb((db) => db.query('SELECT password_hash FROM users WHERE email = $1', [email]));
    expect(rows[0].password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    expect((await login(email, password)).status).toBe(200);
    expect((await login(email, `${password}x`)).status).toBe(401);
  });

  it('an old bcrypt hash of a 72-byte password does not accept that password plus a suffix', async () => {
    const email = uniqueEmail('pw-bcrypt72');
    const password = passwordOf(72);
    await withDb((db) => db.query('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [email, bcrypt.hashSync(password, 4)]));
    expect((await login(email, `${password}suffix`)).status).toBe(401);
    expect((await login(email, password)).status).toBe(200);
  });
});

describe('sign-in lockout: failures from elsewhere do not lock the owner out', () => {
  it('after 10 failures from one address, the owner signs in from another; that address is still refused, with Retry-After', async () => {
    const user = await signUp('lockout');
    const attacker = new Client();
    for (let i = 0; i < 10; i++) expect((await login(user.email, `wrong-${i}-password`, attacker)).status).toBe(401);
    const refused = await login(user.email, 'wrong-again-password', attacker);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    const owner = await login(user.email, user.password);
    expect(owner.status).toBe(200);
    // The address that failed stays refused, even with the right password (a guesser cannot tell when they hit it).
    expect((await login(user.email, user.password, attacker)).status).toBe(429);
  });

  it('failures spread over many addresses still stop each address that failed, once the email has had 10', async () => {
    const user = await signUp('lockout-spread');
    const addresses = Array.from({ length: 10 }, () => new Client());
    for (const client of addresses) expect((await login(user.email, 'wrong-password-1', client)).status).toBe(401);
    const again = await login(user.email, 'wrong-password-2', addresses[0]);
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe('RATE_LIMITED');
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  it('only failed sign-ins count: 31 successful sign-ins from one address are all served', async () => {
    const user = await signUp('lockout-success');
    const client = new Client();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await login(user.email, user.password, client)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });
});
