export { type AcceptedChange, type ValidationOutcome } from './accepted-change.js';
export { type AssetRef, assetPathOf, findAssetRefs } from './analysis/asset-refs.js';
export { type InsertedSection, placeholderWarnings } from './analysis/placeholder-warnings.js';
export { analyzeSource, type ImportRef, type SourceAnalysis, type SourceIssue } from './analysis/source-analysis.js';
export { parseTheme, themeWarnings } from './analysis/theme-warnings.js';
export { ChangeValidator, type ChangeValidatorOptions } from './change-validator.js';
export { REPAIRABLE } from './refusals.js';
export { type ChangeTypeChecker } from './type-gate.js';
export { WorkingTree } from './working-tree.js';
