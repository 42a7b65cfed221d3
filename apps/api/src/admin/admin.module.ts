import { Module } from '@nestjs/common';

/** Admin: `/api/admin/*`, role admin only, every route audited. STUB (issue 21). */
@Module({})
export class AdminModule {}
