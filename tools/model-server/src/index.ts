export * from './prompt-blocks.js';
export * from './prompt-cache.js';
export * from './protocols.js';
export * from './received-images.js';
export * from './scenario.js';
export * from './server.js';
