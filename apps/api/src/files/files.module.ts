import { Module } from '@nestjs/common';
import { PreviewsModule } from '../previews/previews.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { FileWriteLimit } from './file-write-limit.js';
import { FilesController } from './files.controller.js';
import { HeadMoved } from './head-moved.js';
import { InstructionsController } from './instructions.controller.js';
import { PageEditsController } from './page-edits.controller.js';
import { PersonEdits } from './person-edits.js';
import { ProtectedChanges } from './protected-changes.js';
import { VersionsController } from './versions.controller.js';

@Module({
  imports: [ProjectsModule, PreviewsModule, WebhooksModule],
  controllers: [FilesController, VersionsController, InstructionsController, PageEditsController],
  providers: [HeadMoved, FileWriteLimit, ProtectedChanges, PersonEdits],
})
export class FilesModule {}
