import { Module } from '@nestjs/common';
import { TurnsRepository } from '@studio/data';
import { DATA_SOURCE } from '@studio/platform';
import type { DataSource } from 'typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { TurnsController } from './turns.controller.js';
import { TurnsService } from './turns.service.js';

@Module({
  imports: [AuthModule, ProjectsModule],
  controllers: [TurnsController],
  providers: [TurnsService, { provide: TurnsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new TurnsRepository(db) }],
  exports: [TurnsService],
})
export class TurnsModule {}
