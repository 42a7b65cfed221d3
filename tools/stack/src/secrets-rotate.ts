import { createDataSource, SEALED_COLUMNS, SealedSecretsRepository } from '@studio/data';
import type { SecretBox } from '@studio/platform';
import { StackError, say } from './log.js';

const BATCH = 200;

/** What one rotation did to one sealed column. */
export interface RotationCount {
  table: string;
  resealed: number;
  current: number;
  /** Values no key of this box opens (sealed under a key dropped too early): left as they are, named by id. */
  unreadable: string[];
}

/**
 * Re-seals every stored secret under the current SECRETS_KEY (README "Rotating the secrets key"), in batches
 * and idempotently: values already under it are left alone, and a value changed meanwhile (saved again, so
 * already under the current key) is not overwritten. Running it twice re-seals nothing the second time.
 */
export async function rotateSecrets(databaseUrl: string, box: SecretBox): Promise<RotationCount[]> {
  const db = createDataSource(databaseUrl, { poolSize: 1, applicationName: 'studio-secrets-rotate' });
  await db.initialize();
  try {
    const sealed = new SealedSecretsRepository(db);
    const counts: RotationCount[] = [];
    for (const where of SEALED_COLUMNS) {
      const count: RotationCount = { table: `${where.table}.${where.column}`, resealed: 0, current: 0, unreadable: [] };
      for (let after: string | null = null; ; ) {
        const rows = await sealed.batch(where, after, BATCH);
        if (!rows.length) break;
        for (const row of rows) {
          if (!box.needsReseal(row.sealed)) count.current++;
          else {
            let plain: string;
            try {
              plain = box.open(row.sealed);
            } catch {
              count.unreadable.push(row.id);
              continue;
            }
            if (await sealed.replace(where, row.id, row.sealed, box.seal(plain))) count.resealed++;
            else count.current++;
          }
        }
        after = rows[rows.length - 1].id;
      }
      counts.push(count);
    }
    return counts;
  } finally {
    await db.destroy();
  }
}

/** `./studio secrets rotate`: against DATABASE_URL, with SECRETS_KEY and SECRETS_KEY_PREVIOUS of the environment. */
export async function secrets(args: string[]): Promise<number> {
  if (args[0] !== 'rotate') throw new StackError('usage: ./studio secrets rotate');
  const url = process.env.DATABASE_URL;
  if (!url) throw new StackError('Set DATABASE_URL (and SECRETS_KEY, SECRETS_KEY_PREVIOUS, JWT_SECRET as the apps run with) to the database whose secrets to re-seal.');
  const env = rotationEnv(process.env);
  // Loaded here, not at the top: libs/platform brings Nest, BullMQ and the S3 SDK, which no other command needs.
  const { secretBox } = await import('@studio/platform');
  const box = secretBox(env);
  const counts = await rotateSecrets(url, box);
  for (const c of counts)
    say(`${c.table}: ${c.resealed} re-sealed, ${c.current} already under key ${box.keyId}${c.unreadable.length ? `, ${c.unreadable.length} unreadable (ids: ${c.unreadable.join(', ')})` : ''}`);
  return counts.some((c) => c.unreadable.length) ? 1 : 0;
}

/**
 * The variables rotation needs, checked as the apps check them; not the apps' whole configuration (Redis, S3...),
 * which re-sealing does not touch.
 */
export function rotationEnv(source: Record<string, string | undefined>): { JWT_SECRET: string; SECRETS_KEY?: string; SECRETS_KEY_PREVIOUS?: string } {
  const is32 = (k: string) => Buffer.from(k.trim(), 'base64').length === 32;
  const { JWT_SECRET, SECRETS_KEY, SECRETS_KEY_PREVIOUS } = source;
  if (!JWT_SECRET || JWT_SECRET.length < 32) throw new StackError('Set JWT_SECRET as the apps run with (its derived key opens secrets sealed before SECRETS_KEY was set).');
  if (SECRETS_KEY && !is32(SECRETS_KEY)) throw new StackError('SECRETS_KEY must be 32 bytes, base64.');
  if (SECRETS_KEY_PREVIOUS && !SECRETS_KEY_PREVIOUS.split(',').every(is32)) throw new StackError('SECRETS_KEY_PREVIOUS must be 32-byte base64 keys separated by commas.');
  return { JWT_SECRET, SECRETS_KEY: SECRETS_KEY || undefined, SECRETS_KEY_PREVIOUS: SECRETS_KEY_PREVIOUS || undefined };
}
