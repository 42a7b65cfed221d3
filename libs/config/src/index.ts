export * from './env.schema.js';
