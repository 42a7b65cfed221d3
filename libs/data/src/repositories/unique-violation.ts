import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** Whether a write failed because a row with the same unique value exists (Postgres SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError: unknown = err.driverError;
  return typeof driverError === 'object' && driverError !== null && 'code' in driverError && driverError.code === UNIQUE_VIOLATION;
}
