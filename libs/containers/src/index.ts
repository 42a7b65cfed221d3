export * from './preview-runtime.js';
export * from './agent-client.js';
export { createPreviewRuntime, type RuntimeConfig } from './create-runtime.js';
export { DockerRuntime } from './docker/docker.runtime.js';
export { ProcessRuntime } from './process/process.runtime.js';
export { previewContainerSpec, LABEL } from './docker/container-spec.js';
