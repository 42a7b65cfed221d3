import { Module } from '@nestjs/common';
import { DependencyChecks } from './dependency-checks.js';
import { HealthController } from './health.controller.js';

@Module({ controllers: [HealthController], providers: [DependencyChecks] })
export class HealthModule {}
