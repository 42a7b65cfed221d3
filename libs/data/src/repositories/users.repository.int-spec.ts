import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { isUniqueViolation } from './unique-violation.js';
import { UsersRepository } from './users.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let users: UsersRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await ds.initialize();
  users = new UsersRepository(ds);
});
afterAll(() => ds.destroy());

const email = () => `${randomUUID()}@example.test`;

describe('UsersRepository', () => {
  it('stores an account and finds it by email and by id', async () => {
    const address = email();
    const created = await users.create({ email: address, passwordHash: 'h1' });
    expect(created).toMatchObject({ email: address, passwordHash: 'h1' });
    expect(await users.findByEmail(address)).toMatchObject({ id: created.id, passwordHash: 'h1' });
    expect(await users.findById(created.id)).toMatchObject({ email: address });
  });

  it('finds nobody for an unknown email or id', async () => {
    expect(await users.findByEmail(email())).toBeNull();
    expect(await users.findById(randomUUID())).toBeNull();
  });

  it('refuses a second account with the same email, as a unique violation', async () => {
    const address = email();
    await users.create({ email: address, passwordHash: 'h1' });
    const err = await users.create({ email: address, passwordHash: 'h2' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(err)).toBe(true);
    expect((await users.findByEmail(address))?.passwordHash).toBe('h1');
  });

  it('replaces the password hash of one account only', async () => {
    const one = await users.create({ email: email(), passwordHash: 'old' });
    const other = await users.create({ email: email(), passwordHash: 'old' });
    await users.setPasswordHash(one.id, 'new');
    expect((await users.findById(one.id))?.passwordHash).toBe('new');
    expect((await users.findById(other.id))?.passwordHash).toBe('old');
  });

  it('isUniqueViolation is false for other failures', async () => {
    const err = await ds.query('SELECT * FROM no_such_table').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    expect(isUniqueViolation(err)).toBe(false);
    expect(isUniqueViolation(new Error('duplicate key'))).toBe(false);
  });
});
