export * from './tokens.js';
export * from './redis.js';
export * from './logger.js';
export * from './platform.module.js';
export * from './project-events.js';
export * from './failpoints.js';
export * from './outbound/address-policy.js';
export * from './outbound/webhook-target.js';
