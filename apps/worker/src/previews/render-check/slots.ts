/**
 * At most `size` pieces of work at once; the rest wait in arrival order. A page load is mostly CPU in the
 * renderer, so more pages at once than cores only makes each check slower.
 */
export class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`slots: size must be a positive integer, got ${size}`);
  }

  get inUse(): number {
    return this.active;
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.size) this.active++;
    // A released slot is handed to the next waiter as is (`active` unchanged), so no newcomer can take it first.
    else await new Promise<void>((take) => this.waiting.push(take));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
