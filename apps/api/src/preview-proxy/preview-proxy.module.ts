import { Module } from '@nestjs/common';
import { PreviewsModule } from '../previews/previews.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { LiveCredentials } from './live-credentials.js';
import { PreviewProxy } from './preview-proxy.js';
import { SpentLinks } from './spent-links.js';

@Module({ imports: [PreviewsModule, RealtimeModule], providers: [PreviewProxy, LiveCredentials, SpentLinks], exports: [PreviewProxy] })
export class PreviewProxyModule {}
