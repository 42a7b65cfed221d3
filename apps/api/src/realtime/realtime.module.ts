import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { ProjectGateway } from './project.gateway.js';

@Module({ imports: [AuthModule, ProjectsModule, MetricsModule], providers: [ProjectGateway] })
export class RealtimeModule {}
