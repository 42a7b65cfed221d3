export * from './env.schema.js';
export * from './model-route.js';
