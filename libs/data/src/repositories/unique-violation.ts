import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** Whether a write failed because a row with the same unique value exists (Postgres SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return violatedConstraint(err) !== undefined;
}

/**
 * The name of the unique constraint or index a write violated, or undefined when it failed otherwise: for a
 * table with several unique keys, which one decides the error a caller gets.
 */
export function violatedConstraint(err: unknown): string | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  const driverError: unknown = err.driverError;
  if (typeof driverError !== 'object' || driverError === null || !('code' in driverError) || driverError.code !== UNIQUE_VIOLATION) return undefined;
  return 'constraint' in driverError && typeof driverError.constraint === 'string' ? driverError.constraint : '';
}
