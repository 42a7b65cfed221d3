/** One site's counts since the last flush. */
export interface TrafficRow {
  siteId: string;
  requests: number;
  bytes: number;
}

/**
 * Requests and bytes served per site, counted in memory on the hot path and written in one upsert every few
 * seconds (SitesRepository.addTraffic), so a page view costs no query. `drain` hands over what was counted
 * and starts again; a write that failed is `restore`d and goes with the next one.
 */
export class TrafficCounter {
  private counts = new Map<string, TrafficRow>();

  count(siteId: string, bytes: number): void {
    const row = this.counts.get(siteId);
    if (row) {
      row.requests++;
      row.bytes += bytes;
    } else this.counts.set(siteId, { siteId, requests: 1, bytes });
  }

  drain(): TrafficRow[] {
    const rows = [...this.counts.values()];
    this.counts = new Map();
    return rows;
  }

  restore(rows: TrafficRow[]): void {
    for (const { siteId, requests, bytes } of rows) {
      const row = this.counts.get(siteId);
      if (row) {
        row.requests += requests;
        row.bytes += bytes;
      } else this.counts.set(siteId, { siteId, requests, bytes });
    }
  }
}
