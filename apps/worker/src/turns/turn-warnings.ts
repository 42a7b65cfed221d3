import { type ComponentLibrary, textProps } from '@studio/catalog';
import type { TurnWarningView } from '@studio/contracts';
import { type ChangeValidator, type InsertedSection, parseTheme, placeholderWarnings, themeWarnings, type WorkingTree } from '@studio/validation';

/** At most this many warnings are reported for one turn (the first ones are the ones worth reading). */
const MAX_WARNINGS = 30;
const THEME_FILE = 'src/index.css';

/**
 * What a person (and the model, in a repair round) should know about the changes that landed, without
 * refusing them: library sections rendered without their copy (SECTION_PLACEHOLDER), palette colours where
 * the template's theme names exist (THEME_COLOR), TypeScript diagnostics that cannot break the page
 * (TYPE_WARNING). Only the files the reply wrote are judged, as they will be after it.
 */
export function turnWarnings(validator: ChangeValidator, tree: WorkingTree, library: Pick<ComponentLibrary, 'signature'>): TurnWarningView[] {
  const written = validator.net.filter((a) => a.change.action === 'write').map((a) => a.change.path);
  const theme = parseTheme(tree.text(THEME_FILE) ?? '');
  const themed = theme.length ? written.flatMap((path) => themeWarnings(path, tree.text(path) ?? '', theme)) : [];
  return [...placeholders(validator, tree, library), ...themed, ...validator.typeWarnings()].slice(0, MAX_WARNINGS);
}

function placeholders(validator: ChangeValidator, tree: WorkingTree, library: Pick<ComponentLibrary, 'signature'>): TurnWarningView[] {
  const inserted: InsertedSection[] = [];
  for (const [path, component] of validator.inserted) {
    const signature = library.signature(component);
    if (!signature || !tree.has(path)) continue;
    inserted.push({ path, component, textProps: textProps(signature), ...(signature.placeholder ? { placeholder: signature.placeholder } : {}) });
  }
  if (!inserted.length) return [];
  const files = new Map<string, string>();
  for (const p of tree.paths()) if (/\.[jt]sx?$/.test(p)) files.set(p, tree.text(p)!);
  return placeholderWarnings(files, inserted);
}
