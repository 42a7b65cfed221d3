import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { SocketMetrics } from './socket-metrics.js';

@Module({ controllers: [MetricsController], providers: [SocketMetrics], exports: [SocketMetrics] })
export class MetricsModule {}
