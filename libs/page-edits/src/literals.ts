import { renderedJsxText } from './jsx-text.js';
import { type AstNode, child, type SourceFile, walk } from './source-file.js';

/**
 * The kinds of literal an edit can rewrite, each with its own escaping: a JS string ('…' or "…"), a JSX
 * attribute string (no backslash escapes; entities), a template without substitutions, and JSX text.
 */
export type LiteralKind = 'js-string' | 'jsx-attribute' | 'template' | 'jsx-text';

export interface Literal {
  kind: LiteralKind;
  /** Character range of the whole literal (quotes included; for JSX text, the raw text with its white space). */
  start: number;
  end: number;
  /** What it renders. */
  value: string;
  /** The attribute or property name it is the value of (`title="…"`, `{ label: '…' }`), when it is one. */
  key?: string;
}

/** A string or template literal, or a JSX text, as a literal; null for anything else. */
export function literalOf(file: SourceFile, node: AstNode, parent: AstNode | null = null, field: string | null = null): Literal | null {
  const { start, end } = file.range(node);
  const key = keyOf(parent, field);
  if (node.type === 'StringLiteral' && typeof node.value === 'string') {
    return { kind: parent?.type === 'JSXAttribute' ? 'jsx-attribute' : 'js-string', start, end, value: node.value, ...(key ? { key } : {}) };
  }
  if (node.type === 'TemplateLiteral') {
    const expressions = node.expressions;
    const quasis = node.quasis;
    if (!Array.isArray(expressions) || expressions.length > 0 || !Array.isArray(quasis) || quasis.length !== 1) return null;
    const cooked: unknown = quasis[0]?.cooked;
    return typeof cooked === 'string' ? { kind: 'template', start, end, value: cooked, ...(key ? { key } : {}) } : null;
  }
  if (node.type === 'JSXText' && typeof node.value === 'string') {
    const value = renderedJsxText(node.value);
    return value ? { kind: 'jsx-text', start, end, value } : null;
  }
  return null;
}

// Strings that are names, not text: module specifiers, types, directives, property keys and accesses.
const NOT_TEXT_PARENTS = new Set([
  'ImportDeclaration',
  'ExportAllDeclaration',
  'ExportNamedDeclaration',
  'TaggedTemplateExpression',
  'Computed',
  'TsLiteralType',
  'TsImportType',
  'TsExternalModuleReference',
  'TsModuleDeclaration',
  'TsEnumMember',
]);

/** Every literal under `root` that renders text: the candidates an edit may take a value from. */
export function literalsUnder(file: SourceFile, root: unknown): Literal[] {
  const found: Literal[] = [];
  walk(root, (node, parent, field) => {
    if (parent && NOT_TEXT_PARENTS.has(parent.type)) return;
    if (field === 'key' || (parent?.type === 'ExpressionStatement' && node.type === 'StringLiteral')) return;
    const literal = literalOf(file, node, parent, field);
    if (literal) found.push(literal);
  });
  return found;
}

function keyOf(parent: AstNode | null, field: string | null): string | undefined {
  if (!parent || field !== 'value') return undefined;
  const key = parent.type === 'JSXAttribute' ? child(parent, 'name') : parent.type === 'KeyValueProperty' || parent.type === 'AssignmentPatternProperty' ? child(parent, 'key') : null;
  if (!key) return undefined;
  if (typeof key.value === 'string') return key.value;
  return undefined;
}

/** `content` with the literal rewritten to render `text`; nothing else changes. */
export function rewrite(content: string, literal: Literal, text: string): string {
  return content.slice(0, literal.start) + written(content.slice(literal.start, literal.end), literal.kind, text) + content.slice(literal.end);
}

/** The literal's new source: the same kind and quote style, escaped as that kind needs. */
function written(raw: string, kind: LiteralKind, text: string): string {
  switch (kind) {
    case 'js-string':
      return jsString(text, raw[0] === "'" ? "'" : '"');
    case 'template':
      return `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/\r/g, '\\r')}\``;
    case 'jsx-attribute': {
      // A JSX attribute string has no escapes: a line break would be kept as typed, so it becomes an expression.
      if (/[\r\n]/.test(text)) return `{${jsString(text, '"')}}`;
      const quote = raw[0] === "'" ? "'" : '"';
      return quote + entityEscaped(text).replaceAll(quote, quote === '"' ? '&quot;' : '&apos;') + quote;
    }
    case 'jsx-text': {
      const lead = /^[ \t\r\n]*/.exec(raw)?.[0] ?? '';
      const trail = /[ \t\r\n]*$/.exec(raw.slice(lead.length))?.[0] ?? '';
      return lead + jsxText(text) + trail;
    }
  }
}

/** JSX text that would not read back as `text` (braces, tags, line breaks, edge spaces) is written as `{"…"}`. */
function jsxText(text: string): string {
  const plain = !/[{}<>\r\n]/.test(text) && !/^[ \t]|[ \t]$/.test(text) && entityEscaped(text) === text;
  return plain ? text : `{${jsString(text, '"')}}`;
}

// An `&` that starts what reads as an entity (`&amp;`, `&#39;`) would be decoded; any other `&` stays as is.
const entityEscaped = (text: string) => text.replace(/&(?=#\d+;|#x[\da-f]+;|[a-z][a-z\d]*;)/gi, '&amp;');

function jsString(text: string, quote: "'" | '"'): string {
  const body = text.replace(/[\\'"\n\r\u2028\u2029\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === "'" || c === '"') return c === quote ? `\\${c}` : c;
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return quote + body + quote;
}
