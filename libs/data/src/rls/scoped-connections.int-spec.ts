import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source.js';
import { DbScope } from './db-scope.js';
import { scopeConnections } from './scoped-connections.js';

/**
 * The scope hook against the test stack's PostgreSQL (migrated by `./studio test`): two people's requests
 * interleaved on a pool of two connections never see each other's rows, inside a transaction or not.
 */
let owner: DataSource;
let api: DataSource;
const people: { userId: string; projectId: string }[] = [];

beforeAll(async () => {
  owner = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  api = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await Promise.all([owner.initialize(), api.initialize()]);
  scopeConnections(api);
  for (let i = 0; i < 2; i++) {
    const [user] = await owner.query(`INSERT INTO users (email, password_hash) VALUES ($1, 'h') RETURNING id`, [`${randomUUID()}@example.test`]);
    const [project] = await owner.query(`INSERT INTO projects (owner_id, name, template_id) VALUES ($1, 'scoped', 'blank') RETURNING id`, [user.id]);
    people.push({ userId: user.id, projectId: project.id });
  }
});
afterAll(() => Promise.all([owner?.destroy(), api?.destroy()]));

const ownersSeen = async (sql: string): Promise<string[]> => [...new Set((await api.query(sql)).map((r: { owner_id: string }) => r.owner_id))] as string[];

describe('scopeConnections', () => {
  it('interleaved requests of two people on two connections each see only their own rows', async () => {
    const work = Array.from({ length: 40 }, (_, i) => {
      const me = people[i % 2];
      return DbScope.asUser(me.userId, async () => {
        // Half in a transaction that holds its connection across a pause, so checkouts alternate between people.
        const seen =
          i % 4 < 2
            ? await api.transaction(async (m) => {
                await m.query('SELECT pg_sleep(0.005)');
                const first = await m.query('SELECT owner_id FROM projects');
                const second = await m.query('SELECT owner_id FROM projects');
                return [...new Set([...first, ...second].map((r: { owner_id: string }) => r.owner_id))];
              })
            : await ownersSeen('SELECT owner_id FROM projects');
        return { me: me.userId, seen };
      });
    });
    const results = await Promise.all(work);
    for (const { me, seen } of results) expect(seen).toEqual([me]);
  });

  it('a connection last used by one person, taken with no scope, shows nothing; with the system scope, everyone', async () => {
    await DbScope.asUser(people[0].userId, () => api.query('SELECT 1'));
    await DbScope.asUser(people[1].userId, () => api.query('SELECT 1'));
    expect(await ownersSeen('SELECT owner_id FROM projects')).toEqual([]);
    const all = await DbScope.asSystem('test', () => ownersSeen('SELECT owner_id FROM projects'));
    expect(all).toEqual(expect.arrayContaining(people.map((p) => p.userId)));
  });

  it('runs as the policy-bound role; the unscoped data source keeps the owner', async () => {
    const [{ role }] = await api.query('SELECT current_user AS role');
    expect(role).toBe('studio_api');
    const [{ role: own }] = await owner.query('SELECT current_user AS role');
    expect(own).not.toBe('studio_api');
  });
});
