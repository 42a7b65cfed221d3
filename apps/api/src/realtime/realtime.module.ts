import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { PreviewsModule } from '../previews/previews.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { TurnsModule } from '../turns/turns.module.js';
import { ProjectEventFanout } from './event-fanout.js';
import { ProjectGateway } from './project.gateway.js';
import { SocketCredentials } from './socket-credentials.js';

@Module({ imports: [AuthModule, ProjectsModule, MetricsModule, TurnsModule, PreviewsModule], providers: [ProjectGateway, ProjectEventFanout, SocketCredentials], exports: [ProjectEventFanout] })
export class RealtimeModule {}
