import { Module } from '@nestjs/common';
import { TurnsRepository, UploadsRepository } from '@studio/data';
import { DATA_SOURCE } from '@studio/platform';
import type { DataSource } from 'typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { MessageAttachments } from './message-attachments.js';
import { TurnsController } from './turns.controller.js';
import { TurnsService } from './turns.service.js';

@Module({
  imports: [AuthModule, ProjectsModule],
  controllers: [TurnsController],
  providers: [
    TurnsService,
    MessageAttachments,
    { provide: TurnsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new TurnsRepository(db) },
    { provide: UploadsRepository, inject: [DATA_SOURCE], useFactory: (db: DataSource) => new UploadsRepository(db) },
  ],
  exports: [TurnsService],
})
export class TurnsModule {}
