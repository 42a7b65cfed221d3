export * from './protocols.js';
export * from './received-images.js';
export * from './scenario.js';
export * from './server.js';
