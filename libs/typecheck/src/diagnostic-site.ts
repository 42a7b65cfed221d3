import {
  getTokenAtPosition,
  isCallExpression,
  isElementAccessExpression,
  isForOfStatement,
  isIdentifier,
  isJsxOpeningElement,
  isJsxSelfClosingElement,
  isNewExpression,
  isPropertyAccessExpression,
  isSpreadElement,
  isTaggedTemplateExpression,
  isVariableDeclaration,
  type Node,
  type SourceFile,
  SyntaxKind,
} from 'typescript/unstable/ast';
import type { DiagnosticSite } from './page-breaking.js';

const JSX = new Set([
  SyntaxKind.JsxElement,
  SyntaxKind.JsxSelfClosingElement,
  SyntaxKind.JsxOpeningElement,
  SyntaxKind.JsxClosingElement,
  SyntaxKind.JsxFragment,
  SyntaxKind.JsxAttribute,
  SyntaxKind.JsxAttributes,
  SyntaxKind.JsxSpreadAttribute,
  SyntaxKind.JsxExpression,
]);

// Code inside these runs on its own (an event handler, a helper): reaching one before any JSX means the
// diagnostic is in ordinary code, even when that code is written inside a JSX attribute.
const FUNCTION_OR_CLASS = new Set([
  SyntaxKind.ArrowFunction,
  SyntaxKind.FunctionExpression,
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.Constructor,
  SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor,
  SyntaxKind.ClassDeclaration,
  SyntaxKind.ClassExpression,
]);

// Wrappers that pass their operand's value through: `(x)`, `x!`, `x as T`, `x satisfies T`.
const PASS_THROUGH = new Set([SyntaxKind.ParenthesizedExpression, SyntaxKind.NonNullExpression, SyntaxKind.AsExpression, SyntaxKind.SatisfiesExpression]);

function isInJsx(token: Node): boolean {
  for (let node: Node | undefined = token; node && node.kind !== SyntaxKind.SourceFile; node = node.parent) {
    if (JSX.has(node.kind)) return true;
    if (FUNCTION_OR_CLASS.has(node.kind)) return false;
  }
  return false;
}

/** Whether the value at `token` (a name, or the member name of `a.b`) is used in a way that throws on undefined. */
function isDereferenced(token: Node): boolean {
  let value = token;
  if (token.parent && isPropertyAccessExpression(token.parent) && token.parent.name === token) value = token.parent;
  while (value.parent && PASS_THROUGH.has(value.parent.kind)) value = value.parent;
  const user = value.parent;
  if (!user) return false;
  if (isCallExpression(user) || isPropertyAccessExpression(user) || isElementAccessExpression(user)) return user.expression === value && !user.questionDotToken;
  // `[...x]` and `f(...x)`; an object spread `{ ...x }` is another kind of node, and spreading undefined there is fine.
  if (isNewExpression(user) || isSpreadElement(user) || isForOfStatement(user)) return user.expression === value;
  if (isTaggedTemplateExpression(user)) return user.tag === value;
  // `<Icons.Twiter />` renders undefined as a component; an unknown lowercase tag is only an unknown element.
  if (isJsxOpeningElement(user) || isJsxSelfClosingElement(user)) return user.tagName === value && isPropertyAccessExpression(value);
  // `const { a } = x` and `const [a] = x` throw on undefined; `const a = x` does not.
  if (isVariableDeclaration(user)) return user.initializer === value && !isIdentifier(user.name);
  return false;
}

/** The site of a semantic diagnostic starting at `position` in `file` (see DiagnosticSite). */
export function siteAt(file: SourceFile, position: number): Omit<DiagnosticSite, 'syntax'> {
  const token = getTokenAtPosition(file, position);
  return { inJsx: isInJsx(token), dereferenced: isDereferenced(token) };
}
