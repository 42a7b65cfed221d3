import { Module } from '@nestjs/common';
import { PreviewsModule } from '../previews/previews.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { FileWriteLimit } from './file-write-limit.js';
import { FilesController } from './files.controller.js';
import { HeadMoved } from './head-moved.js';
import { ProtectedChanges } from './protected-changes.js';
import { VersionsController } from './versions.controller.js';

@Module({ imports: [ProjectsModule, PreviewsModule, WebhooksModule], controllers: [FilesController, VersionsController], providers: [HeadMoved, FileWriteLimit, ProtectedChanges] })
export class FilesModule {}
