import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_TEMPLATE_ID, loadCatalog } from '@studio/catalog';

/** The default template as a new project gets it (shell + page + library sections), by path. */
export async function defaultTemplateFiles(): Promise<Record<string, Buffer>> {
  const { templates } = await loadCatalog('templates');
  return Object.fromEntries(templates.get(DEFAULT_TEMPLATE_ID)!.files.map((f) => [f.path, f.content]));
}

/** The same files written to a folder, for the raw references (Vite and `vite build` on a bind mount). */
export async function writeDefaultTemplate(dir: string): Promise<void> {
  for (const [path, content] of Object.entries(await defaultTemplateFiles())) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
