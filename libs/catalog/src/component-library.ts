import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComponentSummary } from '@studio/contracts';
import { closeMatches } from './close-matches.js';
import { type ComponentManifest, libraryManifestSchema, parseManifest } from './manifests.js';
import { type ComponentSignature, componentSignature } from './props-signature.js';

/** A section as the model is shown it in the static system prompt. */
export interface CatalogEntry {
  id: string;
  /** `(category) what it is`. */
  description: string;
  /** The default export and its props, types written out (`PricingTiers { title?: string; ... }`). */
  signature: string;
}

/**
 * The section library (templates/library): the components templates are built from and the model can
 * `insert` (docs/OUTPUT_FORMAT.md). Each is one self-contained .tsx file at <category>/<id>.tsx, described in
 * library.json. Loaded whole at boot (a few dozen small files), so lookups during a turn never touch disk;
 * each section's props signature is read from its source then too, once, so the prompt is the same every turn.
 */
export class ComponentLibrary {
  private constructor(
    private readonly entries: ReadonlyMap<string, ComponentManifest>,
    private readonly sources: ReadonlyMap<string, string>,
    private readonly signatures: ReadonlyMap<string, ComponentSignature>,
  ) {}

  static async load(dir: string): Promise<ComponentLibrary> {
    const manifest = parseManifest(libraryManifestSchema, await readFile(join(dir, 'library.json'), 'utf8'), 'templates/library/library.json');
    const entries = new Map<string, ComponentManifest>();
    const sources = new Map<string, string>();
    const signatures = new Map<string, ComponentSignature>();
    for (const entry of manifest.components) {
      if (entries.has(entry.id)) throw new Error(`templates/library/library.json lists "${entry.id}" twice`);
      const file = join(dir, entry.category, `${entry.id}.tsx`);
      const source = await readFile(file, 'utf8').catch(() => {
        throw new Error(`templates/library/library.json lists "${entry.id}", but ${entry.category}/${entry.id}.tsx is missing`);
      });
      entries.set(entry.id, entry);
      sources.set(entry.id, source);
      signatures.set(entry.id, componentSignature(source, `templates/library/${entry.category}/${entry.id}.tsx`));
    }
    return new ComponentLibrary(entries, sources, signatures);
  }

  list(): ComponentSummary[] {
    return [...this.entries.values()];
  }

  get(id: string): ComponentSummary | undefined {
    return this.entries.get(id);
  }

  /** The component's source, or null when there is no such id. */
  source(id: string): string | null {
    return this.sources.get(id) ?? null;
  }

  /** The component's default export and props (for the catalog, and to check that an importer passes its copy). */
  signature(id: string): ComponentSignature | null {
    return this.signatures.get(id) ?? null;
  }

  /** Ids close to an unknown one, best first (for COMPONENT_NOT_FOUND). */
  suggest(id: string): string[] {
    return closeMatches(id, [...this.entries.keys()]);
  }

  /** What the model is shown: id, one line of description and the props signature each, for the static system prompt. */
  catalog(): CatalogEntry[] {
    return [...this.entries.values()].map(({ id, category, description }) => ({ id, description: `(${category}) ${description}`, signature: this.signatures.get(id)!.text }));
  }
}
