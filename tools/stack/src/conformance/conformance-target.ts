import type { PreviewRuntime } from '@studio/containers';

/**
 * What the conformance suite runs against: a way to make the driver, and, for a driver that claims any
 * confinement, a way to look inside one of its instances. A new driver's module exports a function returning
 * one of these (`./studio conformance --driver <path>`, docs/DEPLOYMENT.md "The PreviewRuntime conformance suite").
 */
export interface ConformanceTarget {
  /** A name for the report. */
  name: string;
  /**
   * A driver for one stack (its instances carry the stack's label). The suite makes two, with different ids,
   * on the same machine or cluster: each must list only its own instances.
   */
  runtime(stackId: string): PreviewRuntime | Promise<PreviewRuntime>;
  /**
   * Runs `node -e <script>` inside an instance as the instance's own user and resolves with what it printed
   * (docker exec, kubectl exec...). Needed only to check what the driver's `confinement` claims.
   */
  exec?: (instanceId: string, script: string) => Promise<string>;
}

/** What a driver module exports: `default` or `conformanceTarget`, a function returning the target. */
export type ConformanceTargetFactory = () => ConformanceTarget | Promise<ConformanceTarget>;
