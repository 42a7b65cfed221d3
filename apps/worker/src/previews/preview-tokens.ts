/** The PreviewRuntime the worker's preview code runs on (libs/containers' factory picks the driver). */
export const PREVIEW_RUNTIME = Symbol('PREVIEW_RUNTIME');
