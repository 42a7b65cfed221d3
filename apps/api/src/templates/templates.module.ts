import { Module } from '@nestjs/common';
import { TemplateCatalog } from './template-catalog.service.js';
import { TemplatesController } from './templates.controller.js';

@Module({ controllers: [TemplatesController], providers: [TemplateCatalog], exports: [TemplateCatalog] })
export class TemplatesModule {}
