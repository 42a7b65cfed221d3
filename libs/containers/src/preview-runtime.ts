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

/**
 * What a driver enforces around an instance, as it declares it: the conformance suite (tools/stack/src/conformance)
 * checks every claim made here from inside the instance, and nothing that is not claimed. A driver that cannot
 * enforce something says false (the process driver enforces nothing), never what the Docker driver does.
 */
export interface PreviewConfinement {
  /** The instance's processes run as a user other than root. */
  nonRoot: boolean;
  /** The root filesystem is read-only: only the work directory and a small /tmp can be written. */
  readOnlyRoot: boolean;
  /** Per-instance memory and process-count limits, or null when none is enforced. */
  limits: { memoryMb: number; pids: number } | null;
  /** No connection out: not the internet, not the cloud metadata address, not the host, not another instance. */
  noEgress: boolean;
}

export interface PreviewRuntime {
  readonly kind: 'docker' | 'process';
  /** What it enforces (read after prepare: a driver may find there that it cannot keep a claim). */
  readonly confinement: PreviewConfinement;
  /** Prepares what previews need (the network and its firewall, the image); called once at boot. */
  prepare(): Promise<void>;
  /** Creates and starts an instance; resolves when its agent answers, not when Vite is ready. */
  create(options: CreateOptions): Promise<PreviewInstance>;
  /** Freezes an idle instance (memory kept, no CPU); resume is near instant. Both reject with PREVIEW_NOT_FOUND for an instance that is gone. */
  pause(id: string): Promise<void>;
  /** True when the instance was paused and runs again; false when it was not paused (running, or stopped: ask `state`). */
  resume(id: string): Promise<boolean>;
  /** Stops the instance's processes; its work directory is kept until remove. Nothing to do for one that is gone. */
  stop(id: string): Promise<void>;
  /** Starts a stopped instance again; the address may change. PREVIEW_NOT_FOUND for one that is gone. */
  restart(id: string): Promise<PreviewInstance>;
  /** Removes it and its work directory; nothing to do for one that is gone. */
  remove(id: string): Promise<void>;
  /** `missing` for one that is gone (or never was). */
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
