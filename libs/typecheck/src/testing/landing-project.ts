import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's templates/ and the preview image's folder (its node_modules are the types). */
export const TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../templates');
export const PREVIEW_TYPES = resolve(TEMPLATES, '../docker/preview');

function folderFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

/**
 * A project made from a template, as libs/catalog composes one (TemplateCatalog: templates/shell, then the
 * template's own files, then each library section at its path). Read here because a feature lib may not
 * import another (module-boundaries.json).
 */
export function templateProject(id = 'landing'): Map<string, string | Buffer> {
  const manifest = JSON.parse(readFileSync(join(TEMPLATES, id, 'template.json'), 'utf8')) as {
    thumbnail?: string;
    sections: { component: string; path: string }[];
  };
  const library = JSON.parse(readFileSync(join(TEMPLATES, 'library/library.json'), 'utf8')) as { components: { id: string; category: string }[] };
  const files = new Map<string, string | Buffer>();
  for (const path of folderFiles(join(TEMPLATES, 'shell'))) files.set(path, readFileSync(join(TEMPLATES, 'shell', path)));
  for (const path of folderFiles(join(TEMPLATES, id))) {
    if (path !== 'template.json' && path !== manifest.thumbnail) files.set(path, readFileSync(join(TEMPLATES, id, path)));
  }
  for (const section of manifest.sections) {
    const entry = library.components.find((c) => c.id === section.component);
    if (!entry) throw new Error(`templates/${id}/template.json: no library component ${section.component}`);
    files.set(section.path, readFileSync(join(TEMPLATES, 'library', entry.category, `${entry.id}.tsx`), 'utf8'));
  }
  return files;
}

/** `files` with `path` replaced by `edit` of its text. */
export function edited(files: ReadonlyMap<string, string | Buffer>, path: string, edit: (text: string) => string): Map<string, string | Buffer> {
  const text = files.get(path)?.toString();
  if (text === undefined) throw new Error(`no ${path} in the project`);
  const next = edit(text);
  if (next === text) throw new Error(`the edit of ${path} changed nothing`);
  return new Map(files).set(path, next);
}
