import { Module } from '@nestjs/common';

/** Usage and budgets: `GET /api/usage` and the budget check before a turn. STUB (issue 21). */
@Module({})
export class UsageModule {}
