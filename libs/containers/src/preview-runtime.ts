/**
 * The preview runtime (docs/ARCHITECTURE.md "Previews are untrusted code"): where a project's dev server runs.
 * The Docker driver is the real one; the process driver serves machines with no Docker engine and is not
 * isolated. Both run the same agent (docker/preview/agent), which the worker drives through PreviewAgent.
 */
export interface PreviewInstance {
  /** The container id (Docker) or a generated id (process). */
  id: string;
  /** Where the API's preview proxy reaches Vite and the worker reaches the agent. */
  host: string;
  vitePort: number;
  agentPort: number;
  /** The agent's bearer token. */
  token: string;
}

export type InstanceState = 'running' | 'paused' | 'stopped' | 'missing';

export interface InstanceInfo {
  id: string;
  state: InstanceState;
  /** The preview session it was created for (a label on the container). */
  sessionId: string | null;
}

export interface CreateOptions {
  /** The preview_sessions row it belongs to; kept as a label so it is found again after a restart. */
  sessionId: string;
  /** Start Vite at once over a stand-in project (the warm pool), instead of on the first file batch. */
  warm: boolean;
}

export interface PreviewRuntime {
  readonly kind: 'docker' | 'process';
  /** Prepares what previews need (the network and its firewall, the image); called once at boot. */
  prepare(): Promise<void>;
  /** Creates and starts an instance; resolves when its agent answers, not when Vite is ready. */
  create(options: CreateOptions): Promise<PreviewInstance>;
  /** Freezes an idle instance (memory kept, no CPU); resume is near instant. */
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Stops the instance's processes; its work directory is kept until remove. */
  stop(id: string): Promise<void>;
  /** Starts a stopped instance again; the address may change. */
  restart(id: string): Promise<PreviewInstance>;
  remove(id: string): Promise<void>;
  state(id: string): Promise<InstanceState>;
  /** Every instance this stack owns (by label), whatever its state: the reaper's view of the world. */
  list(): Promise<InstanceInfo[]>;
  close(): Promise<void>;
}

export class PreviewRuntimeError extends Error {
  constructor(
    readonly code: 'PREVIEW_START_FAILED' | 'PREVIEW_NOT_FOUND' | 'PREVIEW_UNAVAILABLE',
    message: string,
  ) {
    super(message);
    this.name = 'PreviewRuntimeError';
  }
}
