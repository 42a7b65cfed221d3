import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { AuditEventEntity } from './entities/audit-event.entity.js';
import { AuthSessionEntity } from './entities/auth-session.entity.js';
import { ChatMessageEntity } from './entities/chat-message.entity.js';
import { ConversationSummaryEntity } from './entities/conversation-summary.entity.js';
import { DeploymentEntity } from './entities/deployment.entity.js';
import { ExportEntity } from './entities/export.entity.js';
import { FormSubmissionEntity } from './entities/form-submission.entity.js';
import { MaintenanceRunEntity } from './entities/maintenance-run.entity.js';
import { PreviewSessionEntity } from './entities/preview-session.entity.js';
import { ProjectEntity } from './entities/project.entity.js';
import { ProjectAssetEntity } from './entities/project-asset.entity.js';
import { ProjectEventEntity } from './entities/project-event.entity.js';
import { ProjectVersionEntity } from './entities/project-version.entity.js';
import { ProviderKeyEntity } from './entities/provider-key.entity.js';
import { RefreshTokenEntity } from './entities/refresh-token.entity.js';
import { SiteEntity } from './entities/site.entity.js';
import { SiteDomainEntity } from './entities/site-domain.entity.js';
import { SiteTrafficEntity } from './entities/site-traffic.entity.js';
import { TurnEntity } from './entities/turn.entity.js';
import { TurnEventEntity } from './entities/turn-event.entity.js';
import { UploadEntity } from './entities/upload.entity.js';
import { UsageRecordEntity } from './entities/usage-record.entity.js';
import { UserEntity } from './entities/user.entity.js';
import { UserSpendEntity } from './entities/user-spend.entity.js';
import { WebhookEntity } from './entities/webhook.entity.js';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity.js';
import { InitialSchema1763856000000 } from './migrations/1763856000000-initial-schema.js';
import { ProjectVersions1763860000000 } from './migrations/1763860000000-project-versions.js';
import { Turns1763900000000 } from './migrations/1763900000000-turns.js';
import { PreviewSessions1764000000000 } from './migrations/1764000000000-preview-sessions.js';
import { ExportsWebhooks1764100000000 } from './migrations/1764100000000-exports-webhooks.js';
import { HonestTurns1764200000000 } from './migrations/1764200000000-honest-turns.js';
import { Assets1764300000000 } from './migrations/1764300000000-assets.js';
import { Sites1764400000000 } from './migrations/1764400000000-sites.js';
import { VersionNames1764500000000 } from './migrations/1764500000000-version-names.js';
import { UsageBudgets1764600000000 } from './migrations/1764600000000-usage-budgets.js';
import { ProviderKeys1764610000000 } from './migrations/1764610000000-provider-keys.js';
import { AuditTrail1764620000000 } from './migrations/1764620000000-audit-trail.js';
import { Roles1764630000000 } from './migrations/1764630000000-roles.js';
import { StorageLifecycle1764640000000 } from './migrations/1764640000000-storage-lifecycle.js';
import { RowLevelSecurity1764700000000 } from './migrations/1764700000000-row-level-security.js';
import { TurnHeartbeat1764800000000 } from './migrations/1764800000000-turn-heartbeat.js';

/** Every entity of the product. This lib owns them all, so there is one migration history. */
export const ENTITIES = [
  UserEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  ApiKeyEntity,
  ProjectEntity,
  ProjectVersionEntity,
  TurnEntity,
  TurnEventEntity,
  ChatMessageEntity,
  ProjectEventEntity,
  ConversationSummaryEntity,
  PreviewSessionEntity,
  ExportEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  UploadEntity,
  ProjectAssetEntity,
  SiteEntity,
  DeploymentEntity,
  SiteDomainEntity,
  FormSubmissionEntity,
  SiteTrafficEntity,
  UsageRecordEntity,
  UserSpendEntity,
  ProviderKeyEntity,
  AuditEventEntity,
  MaintenanceRunEntity,
];

/** In order. Schema changes happen only here: `synchronize` is never on. */
export const MIGRATIONS = [
  InitialSchema1763856000000,
  ProjectVersions1763860000000,
  Turns1763900000000,
  PreviewSessions1764000000000,
  ExportsWebhooks1764100000000,
  HonestTurns1764200000000,
  Assets1764300000000,
  Sites1764400000000,
  VersionNames1764500000000,
  UsageBudgets1764600000000,
  ProviderKeys1764610000000,
  AuditTrail1764620000000,
  Roles1764630000000,
  StorageLifecycle1764640000000,
  RowLevelSecurity1764700000000,
  TurnHeartbeat1764800000000,
];

export function createDataSource(url: string, options: { poolSize?: number; applicationName?: string } = {}) {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'studio',
  });
}

/**
 * The advisory lock key migrations run under (an arbitrary constant: pg_advisory_lock takes a bigint; this one is
 * 0x73747564696f3a6d, "studio:m" in ASCII). Every replica that migrates at boot uses the same key, so they queue on it.
 */
export const MIGRATION_LOCK_KEY = '8319403485786225261';

/**
 * Applies pending migrations in one transaction; returns the names applied. Several processes may call it at
 * once (replicas starting together): a session-level advisory lock, held on a connection of its own around
 * TypeORM's run, lets one of them migrate while the others wait, then find nothing pending. TypeORM reads what
 * has run before it opens its transaction, so a transaction-level lock would come too late.
 */
export async function runMigrations(url: string): Promise<string[]> {
  // Two connections: one holds the lock, TypeORM's run takes the other.
  const ds = createDataSource(url, { poolSize: 2, applicationName: 'studio-migrate' });
  await ds.initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.connect();
    await lock.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY}::bigint)`);
    try {
      const applied = await ds.runMigrations({ transaction: 'all' });
      return applied.map((m) => m.name);
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY}::bigint)`);
    }
  } finally {
    await lock.release();
    await ds.destroy();
  }
}
