export * from './data-source.js';
export * from './entities/user.entity.js';
export * from './entities/auth-session.entity.js';
export * from './entities/refresh-token.entity.js';
export * from './entities/api-key.entity.js';
export * from './entities/project.entity.js';
export * from './entities/project-version.entity.js';
