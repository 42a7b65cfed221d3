import { Module } from '@nestjs/common';
import { PreviewsModule } from '../previews/previews.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { PreviewProxy } from './preview-proxy.js';

@Module({ imports: [PreviewsModule, RealtimeModule], providers: [PreviewProxy], exports: [PreviewProxy] })
export class PreviewProxyModule {}
