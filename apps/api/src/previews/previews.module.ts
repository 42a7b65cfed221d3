import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { PreviewLinks } from './preview-links.js';
import { PreviewsController } from './previews.controller.js';
import { PreviewsService } from './previews.service.js';

@Module({ imports: [ProjectsModule], controllers: [PreviewsController], providers: [PreviewsService, PreviewLinks], exports: [PreviewsService, PreviewLinks] })
export class PreviewsModule {}
