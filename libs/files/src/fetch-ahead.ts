export interface FetchAheadOptions<T> {
  /** Fetches in flight at once: enough to keep the store busy, below the S3 client's 50 pooled sockets. */
  concurrency: number;
  /** Bytes (by `sizeOf`) fetched or in flight and not yet taken; the next item is always allowed, whatever its size. */
  maxBytesAhead: number;
  sizeOf: (item: T) => number;
}

/**
 * Yields `fetch(item)` for each item in order while later items are fetched ahead of the consumer, so a slow
 * fetch hides behind the others instead of holding up the ones after it. Memory stays bounded: at most
 * `maxBytesAhead` bytes ahead (or one item, when a single item is larger), plus the item the consumer holds.
 * A failed fetch throws when the consumer reaches that item, after every item before it, as a one-at-a-time
 * loop would; a consumer that stops early starts nothing more.
 */
export async function* fetchAhead<T, R>(items: readonly T[], fetch: (item: T) => Promise<R>, options: FetchAheadOptions<T>): AsyncGenerator<R> {
  const { concurrency, maxBytesAhead, sizeOf } = options;
  const results: (Promise<R> | undefined)[] = [];
  let started = 0;
  let inFlight = 0;
  let bytesAhead = 0;
  let stopped = false;

  const fill = () => {
    while (!stopped && started < items.length && inFlight < concurrency) {
      const size = sizeOf(items[started]);
      if (bytesAhead > 0 && bytesAhead + size > maxBytesAhead) return;
      bytesAhead += size;
      inFlight++;
      const result = fetch(items[started]).finally(() => {
        inFlight--;
        fill();
      });
      // Awaited in order below; until then a failure must not count as an unhandled rejection (it would end the process).
      result.catch(() => undefined);
      results.push(result);
      started++;
    }
  };

  try {
    fill();
    for (let i = 0; i < items.length; i++) {
      const value = await results[i]!;
      results[i] = undefined; // the consumer holds it now: the bytes ahead are the ones still here
      bytesAhead -= sizeOf(items[i]);
      fill();
      yield value;
    }
  } finally {
    stopped = true;
  }
}
