import type { StoredProjectEvent } from '@studio/contracts';

/** How long an event that arrived ahead of its predecessor waits for it before the gap is read from the store. */
export const GAP_WAIT_MS = 250;
/** Reads of one gap before giving up (the wait doubles after each, up to 4 s: about half a minute in all). */
const MAX_GAP_READS = 10;
/** Events held behind one gap before giving up: a socket never holds more than this. */
const MAX_HELD = 2000;

/** What an OrderedDelivery reads from the project's event log: the events after a seq, oldest first. */
export type GapReader = (afterSeq: number) => Promise<{ events: StoredProjectEvent[]; truncated: boolean }>;

/**
 * One socket's live events of one project, sent in seq order, each once, with no gap (docs/API.md). Events
 * reach an API process from several publishers (the API itself, each worker) over Redis, so two can arrive out
 * of order, and one published while Redis restarted never arrives at all. Sending an event ahead of a missing
 * one would lose the missing one for good: a client resumes after the highest seq it saw. So an event that
 * arrives ahead waits (`GAP_WAIT_MS`) for the ones before it, then the gap is read from the event log, where
 * every event is stored before it is published. A gap too long to read (`truncated`), one the store does not
 * fill after MAX_GAP_READS reads, or more than MAX_HELD events behind it end the socket's subscription through
 * `overflow`: the client joins again (and, past the replay's limit, is told to reload).
 */
export class OrderedDelivery {
  private readonly held = new Map<number, StoredProjectEvent>();
  private timer?: NodeJS.Timeout;
  private filling = false;
  private closed = false;
  /** Reads of the current gap so far (0 while there is none). */
  private reads = 0;

  constructor(
    private sentUpTo: number,
    private readonly send: (event: StoredProjectEvent) => void,
    private readonly readGap: GapReader,
    private readonly overflow: () => void,
    private readonly gapWaitMs = GAP_WAIT_MS,
  ) {}

  /** The last seq sent: every event up to it was sent, in order. */
  get upTo(): number {
    return this.sentUpTo;
  }

  offer(event: StoredProjectEvent): void {
    if (this.closed || event.seq <= this.sentUpTo) return;
    this.held.set(event.seq, event);
    this.drain();
    if (this.held.size > MAX_HELD) return this.giveUp();
    this.armGapTimer();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.held.clear();
  }

  /** Sends the held events that follow the last one sent, in order. */
  private drain(): void {
    for (let next = this.held.get(this.sentUpTo + 1); next; next = this.held.get(this.sentUpTo + 1)) {
      this.held.delete(next.seq);
      this.sentUpTo = next.seq;
      this.send(next);
    }
    if (!this.held.size) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.reads = 0;
    }
  }

  private giveUp(): void {
    this.close();
    this.overflow();
  }

  private armGapTimer(): void {
    if (this.closed || !this.held.size || this.timer || this.filling) return;
    if (this.reads >= MAX_GAP_READS) return this.giveUp();
    this.timer = setTimeout(() => void this.fillGap(), Math.min(this.gapWaitMs * 2 ** this.reads, 4000));
    this.timer.unref?.();
  }

  private async fillGap(): Promise<void> {
    this.timer = undefined;
    if (this.closed || !this.held.size) return;
    this.filling = true;
    this.reads++;
    try {
      const { events, truncated } = await this.readGap(this.sentUpTo);
      if (this.closed) return;
      if (truncated) return this.giveUp();
      for (const event of events) if (event.seq > this.sentUpTo && !this.held.has(event.seq)) this.held.set(event.seq, event);
      this.drain();
    } catch {
      // The store did not answer: the timer below asks again.
    } finally {
      this.filling = false;
    }
    // Still a gap (the event log not answering, or an event not committed yet): look again, waiting longer.
    this.armGapTimer();
  }
}
