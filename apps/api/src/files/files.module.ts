import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { FilesController } from './files.controller.js';
import { VersionsController } from './versions.controller.js';

@Module({ imports: [ProjectsModule], controllers: [FilesController, VersionsController] })
export class FilesModule {}
