import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { DbScope, type DbScopeValue } from './db-scope.js';

/** The role the API's connections run as (migration 1764700000000): subject to every row-level policy. */
export const API_DB_ROLE = 'studio_api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Queryable = { query(sql: string, params?: unknown[]): Promise<unknown> };

/**
 * The one statement that puts a connection in `scope` as `role`: the role, `studio.user_id` and `studio.scope`
 * (session level, so a later checkout overwrites them; no scope clears both and the policies show nothing).
 */
export function scopeStatement(scope: DbScopeValue | null, role: string = API_DB_ROLE): { sql: string; params: string[] } {
  const userId = scope?.kind === 'user' && UUID.test(scope.userId) ? scope.userId : '';
  const kind = scope?.kind === 'system' ? 'system' : '';
  return {
    sql: "SELECT set_config('role', $1, false), set_config('studio.user_id', $2, false), set_config('studio.scope', $3, false)",
    params: [role, userId, kind],
  };
}

/** Puts a raw connection in `scope` (what every checkout of a scoped data source does). */
export async function enterScope(connection: Queryable, scope: DbScopeValue | null, role: string = API_DB_ROLE): Promise<void> {
  const { sql, params } = scopeStatement(scope, role);
  await connection.query(sql, params);
}

function scopeKey(scope: DbScopeValue | null): string {
  if (!scope) return '';
  return scope.kind === 'system' ? 'system' : `user:${scope.userId}`;
}

/**
 * Makes every connection `ds` takes from its pool run as `role` in the scope of the code that asked for it
 * (DbScope.current() when the query runner connects). At most one round trip per checkout, none when the
 * connection is already in that scope. A transaction holds one connection, so it sees one scope throughout.
 * Call after `initialize()`; only the API's data source gets it (the worker keeps the owner's role).
 */
export function scopeConnections(ds: DataSource, role: string = API_DB_ROLE): void {
  const driver = ds.driver as PostgresDriver;
  const obtain = driver.obtainMasterConnection.bind(driver);
  const current = new WeakMap<object, string>();
  driver.obtainMasterConnection = async () => {
    const scope = DbScope.current(); // read before any await: the caller's scope
    const key = scopeKey(scope);
    const [connection, release] = (await obtain()) as [Queryable & object, (err?: unknown) => void];
    if (current.get(connection) === key) return [connection, release];
    try {
      await enterScope(connection, scope, role);
    } catch (err) {
      current.delete(connection);
      release(err); // a connection in an unknown state is not returned to the pool
      throw err;
    }
    current.set(connection, key);
    return [connection, release];
  };
}
