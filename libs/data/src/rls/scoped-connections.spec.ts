import type { DataSource } from 'typeorm';
import { DbScope } from './db-scope.js';
import { scopeConnections, scopeStatement } from './scoped-connections.js';

/** A pool of one fake connection that records what it was asked. */
function fakeDataSource(failWith?: Error) {
  const sent: unknown[][] = [];
  const released: unknown[] = [];
  const connection = {
    query: async (sql: string, params?: unknown[]) => {
      if (failWith) throw failWith;
      sent.push([sql, ...(params ?? [])]);
      return [];
    },
  };
  const driver = { obtainMasterConnection: async () => [connection, (err?: unknown) => released.push(err)] };
  const ds = { driver } as unknown as DataSource;
  scopeConnections(ds);
  const checkout = () => (ds.driver as unknown as typeof driver).obtainMasterConnection();
  return { sent, released, checkout };
}

const ALICE = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';

describe('scopeConnections', () => {
  it('sets role and scope in one statement on the first checkout, and again only when the scope changes', async () => {
    const { sent, checkout } = fakeDataSource();
    await DbScope.asUser(ALICE, checkout);
    await DbScope.asUser(ALICE, checkout);
    expect(sent).toHaveLength(1);
    expect(sent[0].slice(1)).toEqual(['studio_api', ALICE, '']);
    await DbScope.asUser(BOB, checkout);
    await DbScope.asSystem('why', checkout);
    await checkout();
    expect(sent.map((s) => s.slice(2))).toEqual([
      [ALICE, ''],
      [BOB, ''],
      ['', 'system'],
      ['', ''],
    ]);
  });

  it('takes the scope of the caller at checkout, also when the guard fills an open scope later', async () => {
    const { sent, checkout } = fakeDataSource();
    await DbScope.open(async () => {
      await checkout();
      DbScope.enterUser(BOB);
      await checkout();
    });
    expect(sent.map((s) => s.slice(2))).toEqual([
      ['', ''],
      [BOB, ''],
    ]);
  });

  it('a failed scope statement destroys the connection instead of handing it out', async () => {
    const failure = new Error('role "studio_api" does not exist');
    const { released, checkout } = fakeDataSource(failure);
    await expect(DbScope.asUser(ALICE, checkout)).rejects.toBe(failure);
    expect(released).toEqual([failure]);
  });
});

describe('scopeStatement', () => {
  it('turns anything but a uuid into no user', () => {
    expect(scopeStatement({ kind: 'user', userId: `${ALICE}' OR true` }).params).toEqual(['studio_api', '', '']);
    expect(scopeStatement(null).params).toEqual(['studio_api', '', '']);
    expect(scopeStatement({ kind: 'system', reason: 'x' }).params).toEqual(['studio_api', '', 'system']);
  });
});
