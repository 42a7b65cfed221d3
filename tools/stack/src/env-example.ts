import { readFileSync, writeFileSync } from 'node:fs';
import { envSchema } from '@studio/config';

/**
 * docker/.env.example, made from the one config schema (libs/config/src/env.schema.ts) so it cannot drift:
 * every variable in the schema's order, its default, and the comment written above it there. A unit test
 * (env-example.spec.ts) fails when the committed file differs from what this makes; `./studio env-example`
 * writes it.
 */
export const ENV_EXAMPLE_PATH = 'docker/.env.example';
const SCHEMA_PATH = 'libs/config/src/env.schema.ts';

// The compose file's own variables (docker/compose.yaml): not read by the apps, so not in the schema.
const COMPOSE_SECTION = `# Studio's configuration for docker/compose.yaml (docs/DEPLOYMENT.md "Compose on one host").
# Copy it to docker/.env and set the secrets: JWT_SECRET, POSTGRES_PASSWORD, S3_SECRET_ACCESS_KEY, a model key.
# Generated from libs/config/src/env.schema.ts by \`./studio env-example\`: do not edit by hand.

# ---- The compose file's own variables ----
# Images: official ones by default; the compose smoke test swaps in local builds (docker/stand-ins).
# STUDIO_API_IMAGE=studio-api:latest
# STUDIO_WORKER_IMAGE=studio-worker:latest
# POSTGRES_IMAGE=postgres:18
# REDIS_IMAGE=redis:7-bookworm
# S3_IMAGE=minio/minio:latest
# Ports on the host's loopback for the services (the API and the worker use the host's network).
# POSTGRES_PORT=5432
# REDIS_PORT=6379
# S3_PORT=9000
# The API's port (also PORT below) and the worker's health port (also WORKER_HEALTH_PORT below), on the host.
# PORT=3000
# WORKER_HEALTH_PORT=3002
# The group of the engine's socket, given to the worker (it creates the previews): stat -c %g /var/run/docker.sock
DOCKER_GID=
# The database's owner (it runs the migrations); the API switches to the role studio_api.
POSTGRES_USER=studio
POSTGRES_PASSWORD=
POSTGRES_DB=studio
# The S3 server's keys (MinIO's root user); the apps sign with them.
S3_ACCESS_KEY_ID=studio
S3_SECRET_ACCESS_KEY=
`;

// Set by docker/compose.yaml from the variables above; a value here would be overridden.
const SET_BY_COMPOSE = new Set(['DATABASE_URL', 'REDIS_URL', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']);

/** The JSDoc comment written right above each variable in the schema's source, by name. */
export function schemaComments(source: string): Map<string, string> {
  const comments = new Map<string, string>();
  let block: string[] | null = null;
  let pending: string | null = null;
  for (const line of source.split('\n')) {
    const trimmed = line.trim();
    if (block) {
      block.push(trimmed.replace(/\*\/$/, '').replace(/^\*\s?/, ''));
      if (trimmed.endsWith('*/')) {
        pending = block.join(' ').replace(/\s+/g, ' ').trim();
        block = null;
      }
      continue;
    }
    if (trimmed.startsWith('/**')) {
      const body = trimmed.slice(3);
      if (body.endsWith('*/')) pending = body.slice(0, -2).trim();
      else block = [body.trim()];
      continue;
    }
    // A comment belongs to the variable on the next line only (not the file's or the schema's own comment).
    const variable = /^ {4}([A-Z][A-Z0-9_]*):/.exec(line);
    if (variable && pending) comments.set(variable[1], pending);
    if (trimmed) pending = null;
  }
  return comments;
}

/** A default as it is written in an env file: the value the schema would produce, back in its text form. */
function defaultText(field: { def: object }): string | undefined {
  // A ZodDefault's definition holds the value (zod 4); no other kind of field has one.
  if (!('defaultValue' in field.def)) return undefined;
  const value: unknown = field.def.defaultValue;
  if (Array.isArray(value)) return value.length ? JSON.stringify(value) : '';
  return String(value);
}

function wrap(text: string, width = 110): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `# ${l}`);
}

/** The file's text: the compose section, then each schema variable (commented out when it has a default). */
export function renderEnvExample(schemaSource = readFileSync(SCHEMA_PATH, 'utf8')): string {
  const comments = schemaComments(schemaSource);
  const out = [COMPOSE_SECTION, '# ---- The API and the worker (libs/config/src/env.schema.ts; README "Configuration") ----'];
  for (const [name, field] of Object.entries(envSchema.in.shape)) {
    if (SET_BY_COMPOSE.has(name)) continue;
    const comment = comments.get(name);
    if (comment) out.push('', ...wrap(comment));
    const fallback = defaultText(field);
    if (fallback !== undefined) out.push(`# ${name}=${fallback}`);
    else if (field.safeParse(undefined).success) out.push(`# ${name}=`);
    // Required and not set by compose: the operator must give it (the apps refuse to start without it).
    else out.push(`${name}=`);
  }
  return `${out.join('\n')}\n`;
}

export function writeEnvExample(): number {
  writeFileSync(ENV_EXAMPLE_PATH, renderEnvExample());
  process.stdout.write(`[studio] wrote ${ENV_EXAMPLE_PATH}\n`);
  return 0;
}
