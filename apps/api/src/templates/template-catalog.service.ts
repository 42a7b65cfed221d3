import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { TemplateSummary } from '@studio/contracts';
import { ENV } from '@studio/platform';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';

const manifestSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  name: z.string().min(1),
  description: z.string().min(1),
  sections: z.array(z.string()).default([]),
});

export type TemplateManifest = z.infer<typeof manifestSchema> & { dir: string };

export const DEFAULT_TEMPLATE_ID = 'landing';

/** The templates in TEMPLATES_DIR, each a folder with a `template.json`. Read once at boot; a bad manifest stops the boot. */
@Injectable()
export class TemplateCatalog implements OnModuleInit {
  private readonly logger = new Logger(TemplateCatalog.name);
  private templates = new Map<string, TemplateManifest>();

  constructor(@Inject(ENV) private readonly env: Env) {}

  async onModuleInit() {
    const root = resolve(this.env.TEMPLATES_DIR);
    const entries = await readdir(root, { withFileTypes: true });
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const dir = join(root, entry.name);
      const raw = await readFile(join(dir, 'template.json'), 'utf8').catch(() => null);
      if (raw === null) continue; // a folder without a manifest is not a template (e.g. shared assets)
      const manifest = manifestSchema.safeParse(JSON.parse(raw));
      if (!manifest.success) throw new Error(`templates/${entry.name}/template.json is invalid: ${manifest.error.message}`);
      this.templates.set(manifest.data.id, { ...manifest.data, dir });
    }
    if (!this.templates.has(DEFAULT_TEMPLATE_ID)) throw new Error(`The default template "${DEFAULT_TEMPLATE_ID}" is missing from ${root}`);
    this.logger.log(`${this.templates.size} templates in ${root}`);
  }

  list(): TemplateSummary[] {
    return [...this.templates.values()].map(({ id, name, description }) => ({ id, name, description }));
  }

  get(id: string): TemplateManifest | undefined {
    return this.templates.get(id);
  }

  /** The template's project files (everything but its manifest and build output), with project paths. */
  async files(id: string): Promise<{ path: string; content: Buffer }[]> {
    const template = this.templates.get(id);
    if (!template) throw new Error(`No template ${id}`);
    const entries = await readdir(template.dir, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => relative(template.dir, join(e.parentPath, e.name)).split(sep).join('/'))
      .filter((p) => p !== 'template.json' && !/(^|\/)(node_modules|dist)\//.test(p))
      .sort();
    return Promise.all(files.map(async (path) => ({ path, content: await readFile(join(template.dir, path)) })));
  }
}
