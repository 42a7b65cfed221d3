/**
 * Injection keys (Nest's injection tokens, named keys here so that "token" in this lib means a credential,
 * as METRICS_TOKEN does) for the shared infrastructure. Apps inject these interfaces, never a driver class.
 */
export const ENV = Symbol('ENV');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const REDIS = Symbol('REDIS');
export const OBJECT_STORE = Symbol('OBJECT_STORE');
export const FILE_STORE = Symbol('FILE_STORE');
export const PROJECT_EVENTS = Symbol('PROJECT_EVENTS');
