import type { Module } from '@swc/core';
import type { ImportRef, SourceIssue } from './source-analysis.js';

type Node = { type?: string; span?: { start: number }; [key: string]: unknown };

/** Visits every AST node (objects with a `type`), depth first. SWC's AST is plain JSON, so a generic walk suffices. */
function walk(node: unknown, visit: (n: Node) => void) {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (typeof n.type === 'string') visit(n);
  for (const key in n) {
    if (key === 'span' || key === 'ctxt') continue;
    const value = n[key];
    if (value && typeof value === 'object') walk(value, visit);
  }
}

const stringValue = (n: unknown): string | null => {
  const node = n as Node | undefined;
  if (node?.type === 'StringLiteral') return node.value as string;
  if (node?.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0) {
    const quasi = (node.quasis as { cooked?: string; raw: string }[])[0];
    return quasi?.cooked ?? quasi?.raw ?? null;
  }
  return null;
};

const argExpr = (call: Node, i: number) => (call.arguments as { expression: Node }[] | undefined)?.[i]?.expression;

/** `import`, `export … from`, `import('x')` and `require('x')` with literal specifiers. */
export function findImports(module: Module, lineOf: (offset: number) => number): ImportRef[] {
  const refs: ImportRef[] = [];
  walk(module.body, (n) => {
    const at = () => lineOf(n.span?.start ?? 0);
    if (n.type === 'ImportDeclaration') refs.push({ specifier: (n.source as Node).value as string, line: at(), kind: 'static' });
    else if ((n.type === 'ExportAllDeclaration' || n.type === 'ExportNamedDeclaration') && n.source) {
      refs.push({ specifier: (n.source as Node).value as string, line: at(), kind: 'reexport' });
    } else if (n.type === 'CallExpression') {
      const callee = n.callee as Node;
      const spec = stringValue(argExpr(n, 0));
      if (spec === null) return;
      if (callee.type === 'Import') refs.push({ specifier: spec, line: at(), kind: 'dynamic' });
      else if (callee.type === 'Identifier' && callee.value === 'require') refs.push({ specifier: spec, line: at(), kind: 'static' });
    }
  });
  return refs;
}

const isName = (n: Node | undefined, name: string) => n?.type === 'Identifier' && n.value === name;
const isGlobalMember = (n: Node | undefined, name: string) =>
  n?.type === 'MemberExpression' && ['window', 'globalThis', 'self'].some((g) => isName(n.object as Node, g)) && (n.property as Node)?.type === 'Identifier' && (n.property as Node).value === name;

/**
 * Code that runs strings as code or rewrites the document wholesale (docs/ARCHITECTURE.md's dangerous patterns):
 * `eval`, `new Function` / `Function(...)`, `setTimeout`/`setInterval` with a string, `document.write`.
 * From the AST, so the same words in strings or comments are not flagged.
 */
export function findDangerous(module: Module, lineOf: (offset: number) => number, path: string): SourceIssue[] {
  const found: SourceIssue[] = [];
  const flag = (n: Node, what: string) => {
    const line = lineOf(n.span?.start ?? 0);
    found.push({ code: 'DANGEROUS_CODE', message: `${path}:${line} ${what} is not allowed: it runs text as code.`, line });
  };
  walk(module.body, (n) => {
    if (n.type === 'NewExpression' && isName(n.callee as Node, 'Function')) flag(n, 'new Function(...)');
    if (n.type !== 'CallExpression') return;
    const callee = n.callee as Node;
    if (isName(callee, 'eval') || isGlobalMember(callee, 'eval')) flag(n, 'eval(...)');
    else if (isName(callee, 'Function') || isGlobalMember(callee, 'Function')) flag(n, 'Function(...)');
    else if ((isName(callee, 'setTimeout') || isName(callee, 'setInterval')) && stringValue(argExpr(n, 0)) !== null) flag(n, `${callee.value as string} with a string`);
    else if (callee.type === 'MemberExpression' && isName(callee.object as Node, 'document') && ['write', 'writeln'].includes(((callee.property as Node)?.value as string) ?? ''))
      flag(n, `document.${(callee.property as Node).value as string}(...)`);
  });
  return found;
}
