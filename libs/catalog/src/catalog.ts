import { join } from 'node:path';
import { ComponentLibrary } from './component-library.js';
import { TemplateCatalog } from './template-catalog.js';

export interface Catalog {
  templates: TemplateCatalog;
  library: ComponentLibrary;
}

/** Templates and the component library, from TEMPLATES_DIR (the library lives in its `library/` folder). */
export async function loadCatalog(templatesDir: string): Promise<Catalog> {
  const library = await ComponentLibrary.load(join(templatesDir, 'library'));
  const templates = await TemplateCatalog.load(templatesDir, library);
  if (!templates.get(DEFAULT_TEMPLATE_ID)) throw new Error(`The default template "${DEFAULT_TEMPLATE_ID}" is missing from ${templatesDir}`);
  return { library, templates };
}

/** The template a project gets when the client names none. */
export const DEFAULT_TEMPLATE_ID = 'landing';
