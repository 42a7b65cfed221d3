export * from './errors.js';
export * from './auth.js';
export * from './projects.js';
export * from './queues.js';
export * from './events.js';
export * from './turns.js';
export * from './exports.js';
export * from './webhooks.js';
