export * from './parser/events.js';
export * from './parser/code-tag.js';
export * from './parser/block-body.js';
export * from './parser/reply-parser.js';
export * from './parser/patch.js';
