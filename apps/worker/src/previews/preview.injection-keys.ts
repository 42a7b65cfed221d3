import type { RenderCheckView } from '@studio/contracts';

// The preview code's Nest injection keys. Called keys, not tokens: in this folder a token is the agent's
// credential (PreviewInstance.token, AGENT_TOKEN).

/** The PreviewRuntime the worker's preview code runs on (libs/containers' factory picks the driver). */
export const PREVIEW_RUNTIME = Symbol('PREVIEW_RUNTIME');

/** The AgentConnector the worker reaches preview agents with (libs/containers' connectAgent; tests give a fake). */
export const PREVIEW_AGENTS = Symbol('PREVIEW_AGENTS');

/** The platform's own headless load of a preview (render-check/): whether the page renders, and where it fails. */
export const RENDER_CHECKER = Symbol('RENDER_CHECKER');
export interface PageChecker {
  check(target: { host: string; port: number }, options?: { timeoutMs?: number }): Promise<RenderCheckView>;
}
