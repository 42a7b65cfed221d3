import type { TurnWarningView } from '@studio/contracts';
import { resolveRelativeImport } from '@studio/imports';
import { type AstNode, type ParsedModule, parseModule, walkAst } from './swc-module.js';

/** A library section the reply inserted (`action="insert"`), as the placeholder rule needs it. */
export interface InsertedSection {
  /** Where it was copied: `src/components/Pricing.tsx`. */
  path: string;
  /** Its library id: `pricing-tiers`. */
  component: string;
  /** The props that carry its copy (libs/catalog `textProps` of its signature). */
  textProps: readonly string[];
  /** The copy that shows when none is passed (the signature's `placeholder`), quoted in the warning. */
  placeholder?: string;
}

/**
 * SECTION_PLACEHOLDER: a library section renders its own placeholder copy (another product's: "Simple plans
 * that grow with your team") unless the page passes it text. For each section the reply inserted, finds every
 * file that imports it (relative imports resolved as Vite does, through re-exports such as an index barrel),
 * the name it is imported as, and each JSX element of that name: one that passes none of the text props is a
 * warning on its line; a spread (`{...props}`) counts as passing them. A section that nothing renders is a
 * warning too. `files` is the project as it will be after the reply (path → text).
 */
export function placeholderWarnings(files: ReadonlyMap<string, string>, inserted: readonly InsertedSection[]): TurnWarningView[] {
  const project = new Project(files);
  const warnings: TurnWarningView[] = [];
  for (const section of inserted) {
    if (!files.has(section.path)) continue;
    const uses = project.usesOf(section.path);
    if (uses.elements.length === 0 && !uses.untracked) {
      warnings.push({
        code: 'SECTION_PLACEHOLDER',
        path: section.path,
        message: `${section.path} (${section.component}) was inserted but nothing renders it: import it where the page is built (src/App.tsx) and render it with its text props${listed(section.textProps)}`,
      });
      continue;
    }
    if (section.textProps.length === 0) continue;
    for (const el of uses.elements) {
      if (el.spread || section.textProps.some((p) => el.props.has(p))) continue;
      const quote = section.placeholder ? ` ('${section.placeholder}'...)` : '';
      warnings.push({
        code: 'SECTION_PLACEHOLDER',
        path: el.file,
        line: el.line,
        column: el.column,
        message: `<${el.name}> (${section.component}) is rendered without its text props${listed(section.textProps)}: the library's placeholder copy will show${quote}`,
      });
    }
  }
  return warnings;
}

const listed = (props: readonly string[]) => (props.length ? ` (${props.join(', ')})` : '');

interface Element {
  file: string;
  name: string;
  line: number;
  column: number;
  props: Set<string>;
  spread: boolean;
}

/** The project's JS/TS files, each parsed once, and where an export of one of them ends up rendered. */
class Project {
  private readonly parsed = new Map<string, ParsedModule | null>();
  private readonly paths: string[];

  constructor(private readonly files: ReadonlyMap<string, string>) {
    this.paths = [...files.keys()].filter((p) => /\.(?:tsx|jsx|ts|js)$/i.test(p)).sort();
  }

  /**
   * The JSX elements that render `path`'s default export, following re-exports. `untracked` when it is also
   * reached in a way whose rendering cannot be followed here (`import()`, a namespace import or re-export):
   * then "nothing renders it" is not claimed.
   */
  usesOf(path: string): { elements: Element[]; untracked: boolean } {
    const elements: Element[] = [];
    let untracked = false;
    const queue: { path: string; name: string }[] = [{ path, name: 'default' }];
    const seen = new Set<string>();
    for (let t = queue.shift(); t; t = queue.shift()) {
      const key = `${t.path}\0${t.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const file of this.paths) {
        if (file === t.path) continue;
        const parsed = this.parse(file);
        if (!parsed) continue;
        const from = (specifier: unknown) => typeof specifier === 'string' && resolveRelativeImport(file, specifier, (p) => this.files.has(p)) === t.path;
        const locals: string[] = [];
        walkAst(parsed.module.body, (node) => {
          if (node.type === 'ImportDeclaration' && from(sourceOf(node))) {
            if (node.typeOnly === true) return;
            for (const spec of nodes(node.specifiers)) {
              if (spec.isTypeOnly === true) continue;
              const local = nameOf(spec.local);
              if (spec.type === 'ImportNamespaceSpecifier') untracked = true;
              else if (local && (spec.type === 'ImportDefaultSpecifier' ? t.name === 'default' : (nameOf(spec.imported) ?? local) === t.name)) locals.push(local);
            }
          } else if ((node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && from(sourceOf(node))) {
            if (node.type === 'ExportAllDeclaration') {
              if (t.name !== 'default') queue.push({ path: file, name: t.name }); // `export *` never carries a default
              return;
            }
            for (const spec of nodes(node.specifiers)) {
              if (spec.type === 'ExportNamespaceSpecifier') untracked = true;
              else if (spec.type === 'ExportSpecifier' && nameOf(spec.orig) === t.name) queue.push({ path: file, name: nameOf(spec.exported) ?? t.name });
            }
          } else if (node.type === 'CallExpression' && (node.callee as AstNode | undefined)?.type === 'Import') {
            const arg = nodes(node.arguments)[0]?.expression as AstNode | undefined;
            if (arg?.type === 'StringLiteral' && from(arg.value)) untracked = true;
          }
        });
        if (locals.length) elements.push(...this.elementsNamed(file, parsed, new Set(locals)));
      }
    }
    return { elements, untracked };
  }

  private elementsNamed(file: string, parsed: ParsedModule, names: ReadonlySet<string>): Element[] {
    const found: Element[] = [];
    walkAst(parsed.module.body, (node) => {
      if (node.type !== 'JSXOpeningElement' || !node.span) return;
      const name = nameOf(node.name);
      if (!name || !names.has(name)) return;
      const props = new Set<string>();
      let spread = false;
      for (const attr of nodes(node.attributes)) {
        if (attr.type === 'SpreadElement') spread = true;
        else if (attr.type === 'JSXAttribute') {
          const prop = nameOf(attr.name);
          if (prop) props.add(prop);
        }
      }
      found.push({ file, name, ...parsed.position(node.span.start), props, spread });
    });
    return found;
  }

  private parse(file: string): ParsedModule | null {
    if (!this.parsed.has(file)) this.parsed.set(file, parseModule(file, this.files.get(file)!));
    return this.parsed.get(file)!;
  }
}

const nodes = (value: unknown): AstNode[] => (Array.isArray(value) ? (value as AstNode[]) : []);
const sourceOf = (node: AstNode) => (node.source as AstNode | undefined)?.value;

/** The name an identifier-like node spells (Identifier, JSXIdentifier, or a string in `import { 'x' as y }`). */
function nameOf(value: unknown): string | null {
  const node = value as AstNode | undefined;
  if (!node) return null;
  if ((node.type === 'Identifier' || node.type === 'JSXIdentifier' || node.type === 'StringLiteral') && typeof node.value === 'string') return node.value;
  return null;
}
