export * from './preview-runtime.js';
export * from './agent-client.js';
export { createPreviewRuntime, createSiteBuilder, type RuntimeConfig, type SiteBuilderConfig } from './create-runtime.js';
export * from './site-builder.js';
export { DockerSiteBuilder } from './docker/docker.site-builder.js';
export { ProcessSiteBuilder } from './process/process.site-builder.js';
export { DockerRuntime } from './docker/docker.runtime.js';
export { ProcessRuntime } from './process/process.runtime.js';
export { previewContainerSpec, LABEL } from './docker/container-spec.js';
