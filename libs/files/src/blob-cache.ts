/**
 * An in-memory LRU of blob contents, bounded by bytes. Blobs are immutable by hash, so an entry never goes
 * stale: the only policy needed is eviction.
 */
export class BlobCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): Buffer | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert to mark as most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: Buffer): void {
    if (value.length > this.maxBytes / 4) return; // one huge blob must not flush everything else
    if (this.entries.has(key)) return;
    this.entries.set(key, value);
    this.bytes += value.length;
    for (const [oldest, buf] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= buf.length;
    }
  }

  /** Drops the given keys, or every key the predicate accepts. */
  evict(keys: string[] | ((key: string) => boolean)): void {
    const doomed = typeof keys === 'function' ? [...this.entries.keys()].filter(keys) : keys;
    for (const key of doomed) {
      const buf = this.entries.get(key);
      if (!buf) continue;
      this.entries.delete(key);
      this.bytes -= buf.length;
    }
  }

  get size() {
    return this.bytes;
  }
}
