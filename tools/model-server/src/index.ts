export * from './scenario.js';
export * from './protocols.js';
export * from './server.js';
