import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security, the second wall (issue 21; docs/ARCHITECTURE.md "Row-level security").
 *
 * The API's connections run as `studio_api` (SET ROLE on each pool connection, libs/data/src/rls): a role that does
 * not own the tables, so every policy below applies to it. The owner (the migrating user: migrations, the worker,
 * maintenance, `./studio` commands) is not subject to them: RLS is enabled but not FORCEd, and PostgreSQL does not
 * apply non-forced policies to a table's owner.
 *
 * A row is visible when the connection's `studio.scope` is 'system', or when it belongs to `studio.user_id`:
 * directly (a user/owner column) or through its parent (project, session, turn, site, webhook). No setting, no rows.
 *
 * The role is cluster-wide, so it is created only when missing; a migrating user without CREATEROLE needs it made
 * beforehand (`CREATE ROLE studio_api NOLOGIN; GRANT studio_api TO <migrating user>;`) and then only grants here.
 */
const ROLE = 'studio_api';

const ME = 'studio_user_id()';
const SYSTEM = 'studio_system_scope()';

function viaProjects(column: string) {
  return `EXISTS (SELECT 1 FROM projects p WHERE p.id = ${column} AND p.owner_id = ${ME})`;
}

/** Each tenant table and what makes one of its rows the scope user's. Changing a row cannot move it to another user. */
const OWNED_BY: [table: string, mine: string][] = [
  ['users', `id = ${ME}`],
  ['auth_sessions', `user_id = ${ME}`],
  ['refresh_tokens', `EXISTS (SELECT 1 FROM auth_sessions s WHERE s.id = session_id AND s.user_id = ${ME})`],
  ['api_keys', `user_id = ${ME}`],
  ['projects', `owner_id = ${ME}`],
  ['project_versions', viaProjects('project_id')],
  ['turns', `user_id = ${ME}`],
  ['turn_events', `EXISTS (SELECT 1 FROM turns t WHERE t.id = turn_id AND t.user_id = ${ME})`],
  ['chat_messages', viaProjects('project_id')],
  ['project_events', viaProjects('project_id')],
  ['conversation_summaries', viaProjects('project_id')],
  ['preview_sessions', `user_id = ${ME}`],
  ['exports', `owner_id = ${ME}`],
  ['webhooks', `owner_id = ${ME}`],
  ['webhook_deliveries', `EXISTS (SELECT 1 FROM webhooks w WHERE w.id = webhook_id AND w.owner_id = ${ME})`],
  ['uploads', `owner_id = ${ME}`],
  ['project_assets', viaProjects('project_id')],
  ['sites', `owner_id = ${ME}`],
  ['deployments', `owner_id = ${ME}`],
  ['site_domains', `owner_id = ${ME}`],
  ['form_submissions', `EXISTS (SELECT 1 FROM sites s WHERE s.id = site_id AND s.owner_id = ${ME})`],
  ['site_traffic', `EXISTS (SELECT 1 FROM sites s WHERE s.id = site_id AND s.owner_id = ${ME})`],
  ['usage_records', `user_id = ${ME}`],
  ['user_spend', `user_id = ${ME}`],
  ['provider_keys', `user_id = ${ME}`],
  // Maintenance's bookkeeping: no user owns a run, so only the system scope sees it.
  ['maintenance_runs', 'false'],
  // A commit claims its blobs before a new project's row exists: a claim of no project (yet) is any signed-in
  // person's (it names only content hashes under an id nobody else knows); once the project exists, its owner's.
  ['blob_claims', `(${viaProjects('project_id')} OR (${ME} IS NOT NULL AND NOT studio_project_exists(project_id)))`],
];

export class RowLevelSecurity1764700000000 implements MigrationInterface {
  name = 'RowLevelSecurity1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}') THEN
          BEGIN
            CREATE ROLE ${ROLE} NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of the cluster migrated at the same moment
          END;
        END IF;
        IF NOT pg_has_role(current_user, '${ROLE}', 'MEMBER') THEN
          EXECUTE format('GRANT ${ROLE} TO %I', current_user);
        END IF;
      END $$`);

    // The scope, as the API sets it per connection (set_config, session level). A malformed id is no user.
    // SET search_path keeps it from being inlined: evaluated once per scan, not per row (measured: a policy-bound
    // replay of project events then costs what the owner's does, where the inlined form cost ~0.3-0.7 ms more).
    await q.query(`
      CREATE FUNCTION studio_user_id() RETURNS uuid LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
        SELECT CASE WHEN current_setting('studio.user_id', true) ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
          THEN current_setting('studio.user_id', true)::uuid END
      $$`);
    await q.query(`
      CREATE FUNCTION studio_system_scope() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('studio.scope', true) = 'system', false)
      $$`);

    // Whether a project exists at all, whoever owns it (the policies cannot see that themselves): as the owner.
    await q.query(`
      CREATE FUNCTION studio_project_exists(project uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT EXISTS (SELECT 1 FROM projects WHERE id = project)
      $$`);

    await q.query(`GRANT USAGE ON SCHEMA public TO ${ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ROLE}`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ROLE}`);
    // Tables of later migrations get the same grants; their policies they must bring themselves (the RLS e2e test fails otherwise).
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${ROLE}`);
    // The API checks for pending migrations at start; it never writes the history.
    await q.query(`REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ${ROLE}`);

    for (const [table, mine] of OWNED_BY) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_scope ON ${table} USING (${SYSTEM} OR ${mine}) WITH CHECK (${SYSTEM} OR ${mine})`);
    }

    // The audit trail: append and read only. A user reads what was done to or by them; admins read through the system scope.
    await q.query(`REVOKE UPDATE, DELETE ON audit_events FROM ${ROLE}`);
    await q.query(`ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY`);
    const auditMine = `${SYSTEM} OR subject_user_id = ${ME} OR actor_user_id = ${ME}`;
    await q.query(`CREATE POLICY audit_events_read ON audit_events FOR SELECT USING (${auditMine})`);
    await q.query(`CREATE POLICY audit_events_append ON audit_events FOR INSERT WITH CHECK (${auditMine})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY audit_events_read ON audit_events`);
    await q.query(`DROP POLICY audit_events_append ON audit_events`);
    await q.query(`ALTER TABLE audit_events DISABLE ROW LEVEL SECURITY`);
    for (const [table] of OWNED_BY) {
      await q.query(`DROP POLICY ${table}_scope ON ${table}`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ${ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ${ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${ROLE}`);
    await q.query(`DROP FUNCTION studio_project_exists(uuid)`);
    await q.query(`DROP FUNCTION studio_system_scope()`);
    await q.query(`DROP FUNCTION studio_user_id()`);
    // The role stays: it is cluster-wide, and another database of the cluster may still use it.
  }
}
