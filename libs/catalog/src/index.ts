export * from './catalog.js';
export * from './close-matches.js';
export * from './component-library.js';
export * from './manifests.js';
export * from './props-signature.js';
export * from './template-catalog.js';
