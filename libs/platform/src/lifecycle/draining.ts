/**
 * Whether this process is shutting down: set once on SIGTERM (graceful shutdown), read by readiness (503 while
 * draining, so a load balancer stops sending work here) and by whatever must stop taking new work.
 * One instance per process, provided by PlatformModule.
 */
export class Draining {
  private since: number | null = null;
  private readonly listeners = new Set<() => void>();

  /** Starts draining; later calls change nothing. Listeners run once, at the first call. */
  begin(): void {
    if (this.since !== null) return;
    this.since = Date.now();
    for (const listener of this.listeners) listener();
  }

  get active(): boolean {
    return this.since !== null;
  }

  /** When draining began (epoch ms), or null. */
  get startedAt(): number | null {
    return this.since;
  }

  /** Runs `listener` when draining begins (at once if it already has). */
  onBegin(listener: () => void): void {
    if (this.since !== null) listener();
    else this.listeners.add(listener);
  }
}
