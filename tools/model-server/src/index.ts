export * from './protocols.js';
export * from './scenario.js';
export * from './server.js';
