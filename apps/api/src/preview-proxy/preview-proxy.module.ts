import { Module } from '@nestjs/common';
import { PreviewsModule } from '../previews/previews.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { LiveCredentials } from './live-credentials.js';
import { PreviewAccess } from './preview-access.js';
import { PreviewProxy } from './preview-proxy.js';
import { PreviewTargets } from './preview-targets.js';
import { SpentLinks } from './spent-links.js';

@Module({ imports: [PreviewsModule, RealtimeModule], providers: [PreviewProxy, PreviewAccess, PreviewTargets, LiveCredentials, SpentLinks], exports: [PreviewProxy] })
export class PreviewProxyModule {}
