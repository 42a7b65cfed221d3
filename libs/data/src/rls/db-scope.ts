import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whose rows the API's queries may see (row-level security, the second wall behind owner-scoped queries;
 * docs/ARCHITECTURE.md "Row-level security"). A request's work runs in the scope of its user; work that must
 * see every user's rows (sign-in by email, an admin's views, the published-site host) says so with `system`.
 * Outside any scope the API's connection sees no tenant row at all. scopeConnections (./scoped-connections.ts)
 * applies it to each connection the API's data source hands out; the worker's connections ignore it.
 */
export type DbScopeValue = { kind: 'user'; userId: string } | { kind: 'system'; reason: string };

const storage = new AsyncLocalStorage<{ scope: DbScopeValue | null }>();

export const DbScope = {
  /** Runs `fn` with the queries it makes limited to `userId`'s rows. */
  asUser<T>(userId: string, fn: () => T): T {
    return storage.run({ scope: { kind: 'user', userId } }, fn);
  },
  /** Runs `fn` with every row visible; `reason` says why (it shows in logs of a policy violation). */
  asSystem<T>(reason: string, fn: () => T): T {
    return storage.run({ scope: { kind: 'system', reason } }, fn);
  },
  /** Opens a scope that a later step of the same request fills in (the auth guard, once it knows the user). */
  open<T>(fn: () => T): T {
    return storage.run({ scope: null }, fn);
  },
  /** Sets the open scope's user (the auth guard); false when there is no open scope. */
  enterUser(userId: string): boolean {
    const store = storage.getStore();
    if (!store) return false;
    store.scope = { kind: 'user', userId };
    return true;
  },
  /** Sets the open scope to system (the auth guard, for a public route); false when there is no open scope. */
  enterSystem(reason: string): boolean {
    const store = storage.getStore();
    if (!store) return false;
    store.scope = { kind: 'system', reason };
    return true;
  },
  current(): DbScopeValue | null {
    return storage.getStore()?.scope ?? null;
  },
};
