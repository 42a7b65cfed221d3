import type { DataSource } from 'typeorm';

/**
 * Every column that holds a value sealed by libs/platform's secret box, in one list, so that re-sealing them all
 * under a new SECRETS_KEY (`./studio secrets rotate`) cannot forget one. A new sealed column is added here.
 */
export const SEALED_COLUMNS = [
  { table: 'provider_keys', column: 'sealed_key' },
  { table: 'sites', column: 'target_secret' },
] as const;
export type SealedColumn = (typeof SEALED_COLUMNS)[number];

export interface SealedValue {
  id: string;
  sealed: string;
}

/** Reads and replaces sealed values, column by column, in id order: for key rotation only. */
export class SealedSecretsRepository {
  constructor(private readonly db: DataSource) {}

  /** Up to `limit` sealed values of the column with an id after `afterId` (null: from the start). */
  async batch(where: SealedColumn, afterId: string | null, limit: number): Promise<SealedValue[]> {
    const rows: { id: string; sealed: string }[] = await this.db.query(
      `SELECT id, ${where.column} AS sealed FROM ${where.table}
       WHERE ${where.column} IS NOT NULL AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows;
  }

  /**
   * Replaces one sealed value if it is still `from` (compare and swap): a key saved again meanwhile is already
   * sealed under the current key and is left as it is. False when it changed.
   */
  async replace(where: SealedColumn, id: string, from: string, to: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.db.query(`UPDATE ${where.table} SET ${where.column} = $3 WHERE id = $1 AND ${where.column} = $2`, [id, from, to]);
    return affected > 0;
  }
}
