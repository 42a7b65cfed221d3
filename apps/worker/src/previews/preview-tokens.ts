import type { RenderCheckView } from '@studio/contracts';

/** The PreviewRuntime the worker's preview code runs on (libs/containers' factory picks the driver). */
export const PREVIEW_RUNTIME = Symbol('PREVIEW_RUNTIME');

/** The platform's own headless load of a preview (render-check/): whether the page renders, and where it fails. */
export const RENDER_CHECKER = Symbol('RENDER_CHECKER');
export interface PageChecker {
  check(target: { host: string; port: number }, options?: { timeoutMs?: number }): Promise<RenderCheckView>;
}
