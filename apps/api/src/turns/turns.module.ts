import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { TurnsController } from './turns.controller.js';
import { TurnsService } from './turns.service.js';

@Module({ imports: [AuthModule, ProjectsModule], controllers: [TurnsController], providers: [TurnsService], exports: [TurnsService] })
export class TurnsModule {}
