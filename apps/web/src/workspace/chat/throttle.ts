/**
 * Hands on the latest of a stream of values at most once per `intervalMs`: a reply streams in a few
 * characters at a time, dozens of deltas a second, and re-parsing its Markdown on each would make the chat
 * stutter. The first value passes at once; later ones wait for the interval, and only the newest is delivered.
 * `flush` delivers a waiting value now (the turn ended: show all of it).
 */
export class LatestEvery<T> {
  private waiting: { value: T } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly deliver: (value: T) => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  push(value: T): void {
    this.waiting = { value };
    if (this.timer) return;
    const wait = this.lastAt + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const waiting = this.waiting;
    this.waiting = null;
    if (!waiting) return;
    this.lastAt = this.now();
    this.deliver(waiting.value);
  }

  /** Drops a waiting value (the component went away). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting = null;
  }
}
