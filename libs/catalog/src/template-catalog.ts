import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { TemplateSummary } from '@studio/contracts';
import type { ComponentLibrary } from './component-library.js';
import { parseManifest, type TemplateManifest, templateManifestSchema } from './manifests.js';

export interface TemplateFile {
  path: string;
  content: Buffer;
}

export interface Template extends TemplateManifest {
  /** Everything a new project's version 1 holds, sorted by path. */
  files: TemplateFile[];
  /** The thumbnail's bytes, when the manifest names one. */
  thumbnailPng: Buffer | null;
}

/** Project files of a folder: no manifests, thumbnails, dependencies or build output. */
async function folderFiles(dir: string, skip: ReadonlySet<string>): Promise<TemplateFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((p) => !skip.has(p) && !/(^|\/)(node_modules|dist)\//.test(p));
  return Promise.all(paths.map(async (path) => ({ path, content: await readFile(join(dir, path)) })));
}

/**
 * The templates in TEMPLATES_DIR. A template is a folder with a template.json; a project made from it gets
 * templates/shell (the files every project shares: package.json, Vite and TypeScript config, main.tsx), then
 * the template's own files (its page: index.html, App.tsx, the theme in index.css), then each library
 * section of the manifest copied to its path. So a section exists once, in the library, and a fix to it
 * reaches every template. Everything is read and checked at boot; a bad template stops it.
 */
export class TemplateCatalog {
  private constructor(
    private readonly templates: ReadonlyMap<string, Template>,
    /** templates/conventions.md: what the model should know about every template. */
    readonly sharedConventions: string,
  ) {}

  static async load(dir: string, library: ComponentLibrary): Promise<TemplateCatalog> {
    const shell = await folderFiles(join(dir, 'shell'), new Set());
    const shared = await readFile(join(dir, 'conventions.md'), 'utf8');
    const templates = new Map<string, Template>();
    const folders = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    for (const folder of folders) {
      const where = `templates/${folder}/template.json`;
      const text = await readFile(join(dir, folder, 'template.json'), 'utf8').catch(() => null);
      if (text === null) continue; // shell/, library/: not templates
      const manifest = parseManifest(templateManifestSchema, text, where);
      if (templates.has(manifest.id)) throw new Error(`${where}: the id "${manifest.id}" is taken by another template`);
      const files = new Map(shell.map((f) => [f.path, f]));
      const own = await folderFiles(join(dir, folder), new Set(['template.json', ...(manifest.thumbnail ? [manifest.thumbnail] : [])]));
      for (const f of own) files.set(f.path, f);
      for (const section of manifest.sections) {
        const source = library.source(section.component);
        if (source === null) throw new Error(`${where}: section "${section.component}" is not in the library`);
        if (files.has(section.path)) throw new Error(`${where}: section "${section.component}" would overwrite ${section.path}`);
        files.set(section.path, { path: section.path, content: Buffer.from(source) });
      }
      const thumbnailPng = manifest.thumbnail ? await readFile(join(dir, folder, manifest.thumbnail)) : null;
      templates.set(manifest.id, { ...manifest, files: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)), thumbnailPng });
    }
    return new TemplateCatalog(templates, shared);
  }

  list(): TemplateSummary[] {
    return [...this.templates.values()].map(({ id, name, description, sections, thumbnailPng }) => ({
      id,
      name,
      description,
      sections: sections.map((s) => s.component),
      thumbnailUrl: thumbnailPng ? `/api/templates/${id}/thumbnail` : null,
    }));
  }

  get(id: string): Template | undefined {
    return this.templates.get(id);
  }

  /** What the model is told about a project made from this template (the static system prompt). */
  conventions(id: string): string {
    const own = this.templates.get(id)?.conventions ?? [];
    return [this.sharedConventions.trim(), ...own].join('\n');
  }
}
