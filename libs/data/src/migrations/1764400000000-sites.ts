import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publishing: a project's site, its deployments (built copies of a version in the object store), the custom
 * domains it answers on, the submissions of its forms and its daily traffic (docs/ARCHITECTURE.md "Publishing").
 */
export class Sites1764400000000 implements MigrationInterface {
  name = 'Sites1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sites (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        slug text NOT NULL,
        title text,
        description text,
        image_path text,
        noindex boolean NOT NULL DEFAULT false,
        live_deployment_id uuid,
        live_changed_at timestamptz,
        published_at timestamptz,
        target_kind text NOT NULL DEFAULT 'builtin',
        target_config jsonb,
        target_secret text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sites_project_id_key UNIQUE (project_id),
        CONSTRAINT sites_slug_key UNIQUE (slug),
        CONSTRAINT sites_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
        CONSTRAINT sites_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT sites_target_kind_check CHECK (target_kind IN ('builtin', 's3'))
      )`);
    await q.query(`
      CREATE TABLE deployments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL,
        project_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        version integer NOT NULL,
        status text NOT NULL DEFAULT 'queued',
        progress real NOT NULL DEFAULT 0,
        stage text,
        error jsonb,
        target_kind text NOT NULL,
        manifest jsonb,
        file_count integer,
        size_bytes bigint,
        build_ms integer,
        publish_ms integer,
        files_deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        ready_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deployments_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(id) ON DELETE CASCADE,
        CONSTRAINT deployments_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
        CONSTRAINT deployments_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT deployments_status_check CHECK (status IN ('queued', 'building', 'ready', 'failed')),
        CONSTRAINT deployments_target_kind_check CHECK (target_kind IN ('builtin', 's3'))
      )`);
    await q.query(`CREATE INDEX deployments_site_created_idx ON deployments (site_id, created_at)`);
    // Only now that deployments exists: the live pointer. Deleting a deployment row takes its site down rather than failing.
    await q.query(`
      ALTER TABLE sites ADD CONSTRAINT sites_live_deployment_id_fkey
        FOREIGN KEY (live_deployment_id) REFERENCES deployments(id) ON DELETE SET NULL`);
    await q.query(`
      CREATE TABLE site_domains (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        domain text NOT NULL,
        token text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        verified_at timestamptz,
        last_checked_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT site_domains_site_domain_key UNIQUE (site_id, domain),
        CONSTRAINT site_domains_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(id) ON DELETE CASCADE,
        CONSTRAINT site_domains_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT site_domains_status_check CHECK (status IN ('pending', 'verified'))
      )`);
    // A domain is served for one site at most: any number may claim it, one may hold it verified.
    await q.query(`CREATE UNIQUE INDEX site_domains_verified_domain_idx ON site_domains (domain) WHERE status = 'verified'`);
    await q.query(`
      CREATE TABLE form_submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL,
        form text NOT NULL,
        page text NOT NULL,
        data jsonb NOT NULL,
        address_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT form_submissions_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX form_submissions_site_created_idx ON form_submissions (site_id, created_at)`);
    await q.query(`
      CREATE TABLE site_traffic (
        site_id uuid NOT NULL,
        day date NOT NULL,
        requests bigint NOT NULL DEFAULT 0,
        bytes bigint NOT NULL DEFAULT 0,
        CONSTRAINT site_traffic_pkey PRIMARY KEY (site_id, day),
        CONSTRAINT site_traffic_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE site_traffic`);
    await q.query(`DROP TABLE form_submissions`);
    await q.query(`DROP TABLE site_domains`);
    await q.query(`ALTER TABLE sites DROP CONSTRAINT sites_live_deployment_id_fkey`);
    await q.query(`DROP TABLE deployments`);
    await q.query(`DROP TABLE sites`);
  }
}
