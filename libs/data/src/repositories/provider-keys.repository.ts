import type { DataSource } from 'typeorm';

/** A person's own model keys (provider_keys). STUB (issue 21, bring your own key). */
export class ProviderKeysRepository {
  constructor(protected readonly db: DataSource) {}
}
