import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { createDataSource, DbScope, scopeConnections } from '@studio/data';
import type { DataSource } from 'typeorm';
import { type SignedUp, signUp } from './support/api.js';

/**
 * The second wall (docs/ARCHITECTURE.md "Row-level security"): queries that forget their owner filter, run the
 * way the API runs them (its role, a person's scope, the same libs/data hook), with two people's data present.
 */

// Two sign-ups and projects through the API on a busy stack.
jest.setTimeout(60_000);

// Not tenant data: the migration history (the API only reads it at start).
const NOT_TENANT = new Set(['schema_migrations']);

let owner: DataSource; // the worker's connection: the tables' owner
let api: DataSource; // the API's: studio_api, scoped per checkout
let alice: SignedUp & { projectId: string };
let bob: SignedUp & { projectId: string };

async function person(tag: string): Promise<SignedUp & { projectId: string }> {
  const user = await signUp(tag);
  const created = await user.client.post('/api/projects', { name: `rls ${tag}` });
  expect(created.status).toBe(201);
  // Rows of the new tables (usage, keys, audit), written as the worker and the API write them: by the owner.
  await owner.query(`INSERT INTO usage_records (user_id, project_id, purpose, provider, model, cost_micro_usd) VALUES ($1, $2, 'reply', 'scripted', 'm', 5)`, [user.userId, created.body.id]);
  await owner.query(`INSERT INTO turns (project_id, user_id, status, message, finished_at) VALUES ($1, $2, 'completed', 'a finished turn', now())`, [created.body.id, user.userId]);
  await owner.query(`INSERT INTO provider_keys (user_id, provider, sealed_key, hint) VALUES ($1, 'openai', 'sealed', '…abcd')`, [user.userId]);
  await owner.query(`INSERT INTO audit_events (action, actor_kind, actor_user_id, subject_user_id) VALUES ('project.created', 'user', $1, $1)`, [user.userId]);
  return { ...user, projectId: created.body.id };
}

const tenantTables = async (): Promise<string[]> =>
  (await owner.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).map((r: { tablename: string }) => r.tablename).filter((t: string) => !NOT_TENANT.has(t));

beforeAll(async () => {
  owner = createDataSource(process.env.DATABASE_URL!, { poolSize: 2, applicationName: 'rls-e2e-owner' });
  api = createDataSource(process.env.DATABASE_URL!, { poolSize: 2, applicationName: 'rls-e2e-api' });
  await Promise.all([owner.initialize(), api.initialize()]);
  scopeConnections(api);
  [alice, bob] = await Promise.all([person('rls-alice'), person('rls-bob')]);
});
afterAll(() => Promise.all([owner?.destroy(), api?.destroy()]));

describe('row-level security: the second wall', () => {
  it('every table has row-level security and a policy, not forced (the owner is the worker), and the API role cannot bypass it', async () => {
    const tables = await tenantTables();
    expect(tables).toEqual(expect.arrayContaining(['projects', 'turns', 'usage_records', 'provider_keys', 'audit_events', 'maintenance_runs']));
    const rows: { relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: number }[] = await owner.query(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, (SELECT count(*)::int FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname = ANY($1)`,
      [tables],
    );
    // A table of a later migration without its policy fails here by name.
    const unprotected = rows.filter((r) => !r.relrowsecurity || r.policies === 0).map((r) => r.relname);
    expect(unprotected).toEqual([]);
    expect(rows.filter((r) => r.relforcerowsecurity).map((r) => r.relname)).toEqual([]);
    const [role] = await owner.query(`SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = 'studio_api'`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
  });

  it("a person's query without an owner filter sees only their rows, never the other person's", async () => {
    const checks: string[] = [
      'SELECT id AS who FROM users',
      'SELECT user_id AS who FROM auth_sessions',
      'SELECT owner_id AS who FROM projects',
      'SELECT p.owner_id AS who FROM project_versions v JOIN projects p ON p.id = v.project_id',
      'SELECT user_id AS who FROM usage_records',
      'SELECT user_id AS who FROM provider_keys',
      'SELECT user_id AS who FROM turns',
    ];
    for (const me of [alice, bob]) {
      for (const sql of checks) {
        const rows: { who: string }[] = await DbScope.asUser(me.userId, () => api.query(sql));
        expect({ sql, who: [...new Set(rows.map((r) => r.who))] }).toEqual({ sql, who: [me.userId] });
      }
      // The audit trail: what was done to or by them, and there is some.
      const trail: { subject_user_id: string | null; actor_user_id: string | null }[] = await DbScope.asUser(me.userId, () => api.query('SELECT subject_user_id, actor_user_id FROM audit_events'));
      expect(trail.length).toBeGreaterThan(0);
      expect(trail.filter((r) => r.subject_user_id !== me.userId && r.actor_user_id !== me.userId)).toEqual([]);
      // Tables reached through a project: the other person's project's rows are there, and not for this person.
      const other = me === alice ? bob : alice;
      for (const table of ['project_versions', 'turns', 'usage_records']) {
        const count = `SELECT count(*)::int AS n FROM ${table} WHERE project_id = $1`;
        const [{ n: there }] = await owner.query(count, [other.projectId]);
        const [{ n: seen }] = await DbScope.asUser(me.userId, () => api.query(count, [other.projectId]));
        expect({ table, there: there > 0, seen }).toEqual({ table, there: true, seen: 0 });
      }
    }
    // The owner (the worker's connection) does see both: the rows are there to leak.
    const [{ n }] = await owner.query('SELECT count(*)::int AS n FROM projects WHERE id = ANY($1)', [[alice.projectId, bob.projectId]]);
    expect(n).toBe(2);
  });

  it('without a scope the API role sees no row of any table', async () => {
    const counts: Record<string, number> = {};
    for (const table of await tenantTables()) {
      const [{ n }] = await api.query(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = n;
    }
    expect(Object.entries(counts).filter(([, n]) => n > 0)).toEqual([]);
  });

  it("a person cannot write another person's rows: insert refused, update and delete find nothing", async () => {
    const asAlice = <T>(fn: () => Promise<T>) => DbScope.asUser(alice.userId, fn);
    await expect(asAlice(() => api.query(`INSERT INTO projects (owner_id, name, template_id) VALUES ($1, 'planted', 'blank')`, [bob.userId]))).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    await expect(asAlice(() => api.query(`INSERT INTO provider_keys (user_id, provider, sealed_key, hint) VALUES ($1, 'anthropic', 's', 'h')`, [bob.userId]))).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    // Moving one's own row to someone else is refused too (WITH CHECK).
    await expect(asAlice(() => api.query('UPDATE projects SET owner_id = $1 WHERE id = $2', [bob.userId, alice.projectId]))).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    const [, renamed] = await asAlice(() => api.query(`UPDATE projects SET name = 'taken' WHERE id = $1`, [bob.projectId]));
    const [, deleted] = await asAlice(() => api.query('DELETE FROM usage_records WHERE user_id = $1', [bob.userId]));
    expect({ renamed, deleted }).toEqual({ renamed: 0, deleted: 0 });
    const [bobsProject] = await owner.query('SELECT name FROM projects WHERE id = $1', [bob.projectId]);
    expect(bobsProject.name).toBe('rls rls-bob');
    // The audit trail stays append-only for the API role whatever the scope.
    await expect(DbScope.asSystem('test', () => api.query('DELETE FROM audit_events WHERE subject_user_id = $1', [bob.userId]))).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
  });

  it('a malformed user id in the scope is no user, and the system scope sees everyone', async () => {
    const [{ n: none }] = await DbScope.asUser(`${randomUUID()}' OR true --`, () => api.query('SELECT count(*)::int AS n FROM projects'));
    expect(none).toBe(0);
    const [{ n: both }] = await DbScope.asSystem('test', () => api.query('SELECT count(*)::int AS n FROM projects WHERE id = ANY($1)', [[alice.projectId, bob.projectId]]));
    expect(both).toBe(2);
  });

  it("through the API, each person still reaches their own data and not the other's", async () => {
    const mine = await alice.client.get('/api/projects');
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).toContain(alice.projectId);
    expect(JSON.stringify(mine.body)).not.toContain(bob.projectId);
    expect((await alice.client.get(`/api/projects/${bob.projectId}`)).status).toBe(404);
  });
});
