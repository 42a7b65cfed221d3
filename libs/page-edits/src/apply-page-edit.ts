import { type EditableAttribute, type PageEditBody, type SourceLocation, StudioError } from '@studio/contracts';
import { sameText } from './jsx-text.js';
import { type Literal, literalOf, literalsUnder, rewrite } from './literals.js';
import { type AstNode, child, children, SourceFile } from './source-file.js';
import { checkAttribute, checkText } from './value-rules.js';

/** The file a located edit changed: its new content and the 1-based line of the literal it rewrote. */
export interface PageEditResult {
  path: string;
  content: string;
  line: number;
}

/** Reads a project file of the version the edit is based on; null when there is none at that path. */
export type ReadFile = (path: string) => string | null;

/**
 * Applies an edit made on the page to the source (docs/API.md "Edits on the page"): finds the element whose
 * `<` is at `body.location`, then the one literal its text (or attribute) is written in: the element's own
 * JSX text or string, or, when the element shows a prop (`{title}`, `{item.label}`), the one literal equal
 * to what the person saw inside the nearest owner's call site, then the next owner's, then the element's own
 * file. Only that literal's characters change. Refusals: EDIT_LOCATION_STALE (the source no longer shows
 * `before` there), EDIT_NOT_EDITABLE (computed text), EDIT_AMBIGUOUS (two equal literals in one scope),
 * EDIT_VALUE_REFUSED, FILE_NOT_FOUND.
 */
export function applyPageEdit(read: ReadFile, body: PageEditBody): PageEditResult {
  const files = new Files(read);
  const file = files.get(body.location.path);
  const element = file.elementAt(body.location);
  if (!element) throw stale(body.location, 'no element starts there any more');
  const opening = child(element, 'opening');
  const tag = opening ? nameOf(opening) : '';
  const target = body.target;
  if (target.kind === 'attribute') {
    checkAttribute(target.name, body.after);
    return editAttribute(files, file, element, target.name, body);
  }
  checkText(tag, body.after);
  return editText(files, file, element, body);
}

function editText(files: Files, file: SourceFile, element: AstNode, body: PageEditBody): PageEditResult {
  // Child elements render their own text (and an icon none): the element's text is its text and expressions.
  const parts = children(element, 'children').filter((c) =>
    c.type === 'JSXText' ? literalOf(file, c) !== null : c.type === 'JSXExpressionContainer' && child(c, 'expression')?.type !== 'JSXEmptyExpression',
  );
  if (parts.length === 0) throw notEditable('The element has no text of its own.');
  if (parts.length > 1) throw notEditable('The element’s text is made of several pieces (text and expressions): edit it in the code.');
  const part = parts[0];
  const expression = part.type === 'JSXExpressionContainer' ? unwrap(child(part, 'expression')) : part;
  return editValue(files, file, expression, body);
}

function editAttribute(files: Files, file: SourceFile, element: AstNode, name: EditableAttribute, body: PageEditBody): PageEditResult {
  const opening = child(element, 'opening');
  const attributes = opening ? children(opening, 'attributes') : [];
  const attribute = attributes.find((a) => a.type === 'JSXAttribute' && nameOf(a) === name);
  if (!attribute) {
    if (attributes.some((a) => a.type === 'SpreadElement')) throw notEditable(`The element takes its ${name} from spread props: edit it in the code.`);
    if (name !== 'alt') throw notEditable(`The element has no ${name} to change.`);
    if (body.before !== '') throw stale(body.location, 'the element has no alt text any more');
    return addAlt(file, opening, body.after);
  }
  const value = child(attribute, 'value');
  if (!value) throw notEditable(`The ${name} has no value to change.`);
  const expression = value.type === 'JSXExpressionContainer' ? unwrap(child(value, 'expression')) : value;
  // A JSX attribute string is read by its parent (the attribute): keep that for its escaping.
  const literal = expression === value ? literalOf(file, value, attribute, 'value') : null;
  if (literal) return written(file, literal, body);
  return editValue(files, file, expression, body);
}

/** The element's text or attribute is `node`: a literal written there, or a reference to a prop. */
function editValue(files: Files, file: SourceFile, node: AstNode | null, body: PageEditBody): PageEditResult {
  if (!node) throw notEditable('The value is not written in the source.');
  const literal = literalOf(file, node);
  if (literal) return written(file, literal, body);
  const reference = referenceName(node);
  if (reference === null) throw notEditable('The text comes from an expression (a call, a template, a condition): edit it in the code or ask the model.');
  // An empty value taken from a prop is equal to every empty string in scope: nothing says which one it is.
  if (body.before === '') throw notEditable('The value is empty and comes from a prop: edit it in the code.');
  for (const scope of scopes(files, file, body.owners)) {
    const literals = literalsUnder(scope.file, scope.root);
    const found = literals.filter((l) => sameText(l.value, body.before));
    if (found.length === 0) {
      // The owner passes that prop, only not with what the person saw: the page is older than the source. Going
      // on to the next scope would rewrite a default the page does not show.
      if (scope.owner && literals.some((l) => l.key === reference)) throw stale(scope.owner, `"${short(body.before)}" is no longer what the component is given`);
      continue;
    }
    const named = found.filter((l) => l.key === reference);
    const chosen = found.length === 1 ? found[0] : named.length === 1 ? named[0] : null;
    if (!chosen) {
      throw new StudioError('EDIT_AMBIGUOUS', `"${short(body.before)}" is written ${found.length} times in ${scope.file.path}: edit it in the code.`, {
        path: scope.file.path,
        lines: found.map((l) => scope.file.lineOf(l.start)),
      });
    }
    return written(scope.file, chosen, body);
  }
  throw notEditable(`"${short(body.before)}" is not a literal where the element takes it from: edit it in the code or ask the model.`);
}

/** Where a prop's value may be written, nearest first: each owner's call site, then the element's own file. */
function* scopes(files: Files, file: SourceFile, owners: readonly SourceLocation[]): Generator<{ file: SourceFile; root: unknown; owner?: SourceLocation }> {
  for (const owner of owners) {
    const ownerFile = files.get(owner.path);
    const root = ownerFile.elementAt(owner);
    if (!root) throw stale(owner, 'the component is no longer rendered from there');
    yield { file: ownerFile, root, owner };
  }
  yield { file, root: file.module };
}

function written(file: SourceFile, literal: Literal, body: PageEditBody): PageEditResult {
  if (!sameText(literal.value, body.before)) throw stale({ path: file.path, line: file.lineOf(literal.start), column: 1 }, 'the source shows something else there');
  // The literal may also be an address elsewhere (`<a href={site}>{site}</a>`): what it becomes meets the
  // address rules whichever way it was reached, a text edit included.
  const role = addressRole(literal.key);
  if (role) checkAttribute(role, body.after);
  const content = rewrite(file.content, literal, body.after);
  // The rewrite changes one literal's characters; a file that no longer parses means the mapping went wrong
  // somewhere, and a broken page is never committed on a guess.
  if (!SourceFile.parse(file.path, content)) throw notEditable(`The change would not leave ${file.path} valid: edit it in the code.`);
  return { path: file.path, content, line: file.lineOf(literal.start) };
}

/** Names whose value is an address a page follows or loads: the rule of a link's or an image's source applies. */
const LINK_KEYS = new Set(['href', 'action', 'formAction', 'to', 'url', 'link']);
const SOURCE_KEYS = new Set(['src', 'srcSet', 'poster', 'srcDoc']);
const addressRole = (key: string | undefined): 'href' | 'src' | null => (key === undefined ? null : LINK_KEYS.has(key) ? 'href' : SOURCE_KEYS.has(key) ? 'src' : null);

function addAlt(file: SourceFile, opening: AstNode | null, text: string): PageEditResult {
  if (!opening) throw notEditable('The element has no opening tag.');
  const attributes = children(opening, 'attributes');
  const last = attributes.at(-1) ?? child(opening, 'name');
  if (!last) throw notEditable('The element has no opening tag.');
  const at = file.range(last).end;
  const alt = rewrite(' alt=""', { kind: 'jsx-attribute', start: 5, end: 7, value: '' }, text);
  return { path: file.path, content: file.content.slice(0, at) + alt + file.content.slice(at), line: file.lineOf(at) };
}

/** The name a reference reads last (`title`, `item.label` → `label`); null when the node is not a plain reference. */
function referenceName(node: AstNode): string | null {
  if (node.type === 'Identifier') return typeof node.value === 'string' ? node.value : null;
  if (node.type === 'OptionalChainingExpression') {
    const base = child(node, 'base');
    return base ? referenceName(base) : null;
  }
  if (node.type !== 'MemberExpression') return null;
  const object = child(node, 'object');
  const property = child(node, 'property');
  if (!object || !property || referenceName(object) === null) return null;
  if (property.type === 'Identifier') return typeof property.value === 'string' ? property.value : null;
  const index = property.type === 'Computed' ? child(property, 'expression') : null;
  return index && (index.type === 'NumericLiteral' || index.type === 'StringLiteral') ? String(index.value) : null;
}

/** Sheds what does not change a value: parentheses, `as`, `!`, `satisfies`. */
function unwrap(node: AstNode | null): AstNode | null {
  let current = node;
  while (current && ['ParenthesisExpression', 'TsAsExpression', 'TsNonNullExpression', 'TsSatisfiesExpression', 'TsConstAssertion'].includes(current.type)) {
    current = child(current, 'expression');
  }
  return current;
}

/** An element's or attribute's name (`h1`, `href`); '' for a member or namespaced name. */
function nameOf(node: AstNode): string {
  const name = child(node, 'name');
  return name && (name.type === 'Identifier' || name.type === 'JSXIdentifier' || name.type === 'IdentifierName') && typeof name.value === 'string' ? name.value : '';
}

/** Bounds on what one edit parses (it runs in the API's process): files, and characters in each. */
export const MAX_FILES = 8;
export const MAX_FILE_CHARS = 512 * 1024;

/** The files an edit reads, parsed once each. */
class Files {
  private readonly parsed = new Map<string, SourceFile>();
  constructor(private readonly read: ReadFile) {}

  get(path: string): SourceFile {
    const known = this.parsed.get(path);
    if (known) return known;
    if (this.parsed.size >= MAX_FILES) throw notEditable(`The text is passed down through more than ${MAX_FILES} files: edit it in the code.`);
    const content = this.read(path);
    if (content === null) throw new StudioError('FILE_NOT_FOUND', `No file ${path} in this version.`, { path });
    // Parsing blocks the API's event loop: a component file is a few KB, and one this large is not a page's.
    if (content.length > MAX_FILE_CHARS) throw notEditable(`${path} is too large to edit on the page: edit it in the code.`);
    const file = SourceFile.parse(path, content);
    if (!file) throw notEditable(`${path} is not a component file that parses: edit it in the code.`);
    this.parsed.set(path, file);
    return file;
  }
}

const short = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);
const notEditable = (message: string) => new StudioError('EDIT_NOT_EDITABLE', message);
const stale = (at: SourceLocation, why: string) =>
  new StudioError('EDIT_LOCATION_STALE', `The page is out of date: in ${at.path} ${why}. Reload the preview and try again.`, { path: at.path, line: at.line });
