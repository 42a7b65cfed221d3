import { Module } from '@nestjs/common';
import { FileWriteLimit } from '../files/file-write-limit.js';
import { HeadMoved } from '../files/head-moved.js';
import { ProtectedChanges } from '../files/protected-changes.js';
import { PreviewsModule } from '../previews/previews.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AssetsController } from './assets.controller.js';
import { AssetsService } from './assets.service.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';

// Deleting an asset is a person's file edit: the same protected-file rule, write limit and announcement as the files routes.
@Module({
  imports: [ProjectsModule, PreviewsModule, WebhooksModule],
  controllers: [UploadsController, AssetsController],
  providers: [UploadsService, AssetsService, HeadMoved, FileWriteLimit, ProtectedChanges],
})
export class AssetsModule {}
