import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { PreviewLinks } from './preview-links.js';
import { PreviewTargets } from './preview-targets.js';
import { PreviewsController } from './previews.controller.js';
import { PreviewsService } from './previews.service.js';

@Module({ imports: [ProjectsModule], controllers: [PreviewsController], providers: [PreviewsService, PreviewLinks, PreviewTargets], exports: [PreviewsService, PreviewLinks, PreviewTargets] })
export class PreviewsModule {}
