export { checkerTsconfig } from './compiler-options.js';
export type { TypeDiagnostic } from './diagnostic.js';
export { type DiagnosticSite, isPageBreaking } from './page-breaking.js';
export { TypeChecker, type TypeCheckerOptions, type TypeCheckResult } from './type-checker.js';
