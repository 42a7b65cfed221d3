import { Module } from '@nestjs/common';

/** A person's own model keys: `/api/provider-keys`. STUB (issue 21). */
@Module({})
export class ProviderKeysModule {}
