import type { ProjectEventName, ProjectEventPayloads, TurnStage } from '@studio/contracts';
import type { TurnsRepository } from '@studio/data';
import type { ProjectEventBus } from '@studio/platform';
import type { TurnMetrics } from './turn-metrics.js';

// Deltas that arrive within this window go out as one `chat:delta`: the chat still updates ~30 times a
// second, and a reply of thousands of tokens is not thousands of stored events.
const DELTA_WINDOW_MS = 30;

/**
 * Everything a running turn tells the world: project events (stored with a seq, then sent; docs/API.md order
 * guarantees hold because events of a turn go out one after another), the audit trail in turn_events,
 * and stage timings for the metrics.
 */
export class TurnReporter {
  private pendingText = '';
  private timer: NodeJS.Timeout | null = null;
  private stage: { name: TurnStage; startedAt: number } | null = null;

  constructor(
    private readonly bus: Pick<ProjectEventBus, 'publish' | 'flush'>,
    private readonly store: Pick<TurnsRepository, 'audit'>,
    private readonly metrics: TurnMetrics,
    readonly projectId: string,
    readonly turnId: string,
  ) {}

  /** Publishes an event of this turn (after any response text still held back, to keep the order). */
  emit<E extends ProjectEventName>(name: E, payload: Omit<ProjectEventPayloads[E], 'turnId'>): Promise<unknown> {
    this.flushText();
    return this.bus.publish(this.projectId, name, { turnId: this.turnId, ...payload } as ProjectEventPayloads[E]);
  }

  /** Response text as the model streams it, coalesced over a short window. */
  text(delta: string) {
    if (!delta) return;
    this.pendingText += delta;
    this.timer ??= setTimeout(() => this.flushText(), DELTA_WINDOW_MS);
  }

  enterStage(name: TurnStage): Promise<unknown> {
    this.closeStage();
    this.stage = { name, startedAt: performance.now() };
    void this.store.audit(this.turnId, 'stage', { stage: name });
    return this.emit('turn:stage', { stage: name });
  }

  /** Ends the stage clock (at the end of the turn, or when the next stage starts). */
  closeStage() {
    if (this.stage) this.metrics.stageSeconds.observe({ stage: this.stage.name }, (performance.now() - this.stage.startedAt) / 1000);
    this.stage = null;
  }

  audit(kind: string, data: Record<string, unknown> = {}) {
    void this.store.audit(this.turnId, kind, data);
  }

  /** Waits until every event so far is stored and sent. */
  async flush(): Promise<void> {
    this.flushText();
    await this.bus.flush(this.projectId);
  }

  private flushText() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pendingText) return;
    const text = this.pendingText;
    this.pendingText = '';
    void this.bus.publish(this.projectId, 'chat:delta', { turnId: this.turnId, text });
  }
}
