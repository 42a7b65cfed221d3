export { packageNameOf } from './package-name.js';
export { isRelativeSpecifier, type ResolveOptions, resolveRelativeImport } from './relative-import.js';
