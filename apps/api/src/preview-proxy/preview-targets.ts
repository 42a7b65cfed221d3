import { Injectable } from '@nestjs/common';
import type { StoredProjectEvent } from '@studio/contracts';
import { PreviewSessionsRepository, type PreviewTarget, SERVING_STATUSES } from '@studio/data';
import { PreviewsService } from '../previews/previews.service.js';
import { ProjectEventFanout } from '../realtime/event-fanout.js';

/** How long a visit waits for a paused or stopped preview to come back. */
const WAKE_TIMEOUT_MS = 30_000;
/** Visits are recorded at most this often per preview (the idle reaper needs minutes, not milliseconds). */
const TOUCH_EVERY_MS = 10_000;
const TARGET_CACHE_MS = 1_000;

/**
 * Where the proxy finds a project's preview: the target (remembered briefly, since a page load asks for dozens
 * of modules at once), waking a paused or stopped one, and recording visits for the idle reaper.
 */
@Injectable()
export class PreviewTargets {
  private readonly touched = new Map<string, number>();
  // A page load asks for dozens of modules at once: one lookup of the target serves them all.
  private readonly recent = new Map<string, { target: PreviewTarget | null; until: number }>();

  constructor(
    private readonly sessions: PreviewSessionsRepository,
    private readonly previews: PreviewsService,
    private readonly fanout: ProjectEventFanout,
  ) {
    // A preview that stops or pauses is forgotten at once (every API process hears it): a target remembered past
    // its container's end points at an address the engine may already have given to another preview.
    this.fanout.listen((event: StoredProjectEvent) => {
      if (event.name === 'preview:status' && (event.payload as { status: string }).status !== 'ready') this.recent.delete(event.projectId);
    });
  }

  /** The project's preview target, remembered for a second while it serves (never while it must be woken). */
  async find(projectId: string): Promise<PreviewTarget | null> {
    const hit = this.recent.get(projectId);
    if (hit && hit.until > Date.now()) return hit.target;
    const target = await this.sessions.target(projectId);
    if (target && SERVING_STATUSES.has(target.status ?? '')) this.recent.set(projectId, { target, until: Date.now() + TARGET_CACHE_MS });
    else this.recent.delete(projectId);
    if (this.recent.size > 10_000) this.recent.clear();
    return target;
  }

  /** A visit to a paused or stopped preview brings it back; the request waits for `preview:status` ready. */
  async wake(target: PreviewTarget, userId: string): Promise<PreviewTarget | null> {
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error('timed out'));
      }, WAKE_TIMEOUT_MS);
      const stop = this.fanout.listen((event: StoredProjectEvent) => {
        if (event.projectId !== target.projectId || event.name !== 'preview:status') return;
        const status = (event.payload as { status: string }).status;
        if (status === 'ready' || status === 'error') {
          clearTimeout(timer);
          stop();
          resolve();
        }
      });
    });
    ready.catch(() => undefined);
    await this.previews.wake(target.projectId, userId);
    await ready.catch(() => undefined);
    this.recent.delete(target.projectId);
    return this.sessions.target(target.projectId);
  }

  /** Records a visit, at most once per TOUCH_EVERY_MS per preview, without holding up the request. */
  touch(sessionId: string): void {
    const now = Date.now();
    if ((this.touched.get(sessionId) ?? 0) > now - TOUCH_EVERY_MS) return;
    // Entries older than TOUCH_EVERY_MS decide nothing: drop them rather than keep one per preview ever seen.
    if (this.touched.size > 10_000) for (const [id, at] of this.touched) if (at <= now - TOUCH_EVERY_MS) this.touched.delete(id);
    this.touched.set(sessionId, now);
    this.sessions.touch(sessionId).catch(() => undefined);
  }
}
