import { DomainError } from '../common/domain-error.js';

/** A version number from a query string or path: a positive integer, or absent. */
export function parseVersion(raw: unknown, name = 'version'): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw) || n < 1) {
    throw new DomainError('VALIDATION_FAILED', `${name} must be a positive whole number.`, { fields: { [name]: 'must be a positive whole number' } });
  }
  return n;
}

export function requireVersion(raw: unknown, name = 'version'): number {
  const n = parseVersion(raw, name);
  if (n === undefined) throw new DomainError('VALIDATION_FAILED', `${name} is required.`, { fields: { [name]: 'is required' } });
  return n;
}
