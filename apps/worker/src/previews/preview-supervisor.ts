import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PreviewAgent } from '@studio/containers';
import type { Env } from '@studio/config';
import { type PreviewSessionEntity, type PreviewSessionStatus, SERVING_STATUSES } from '@studio/data';
import { ENV, PROJECT_EVENTS, type ProjectEventBus, REDIS } from '@studio/platform';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { instanceOf, PreviewManager } from './preview-manager.js';

const TICK_MS = 3000;
const LEASE_MS = 10_000;

/**
 * The housekeeping of previews, run by one worker at a time (a Redis lease; another worker takes over
 * within LEASE_MS when the holder dies):
 * - orphans: a container of this stack with no session (a worker died between creating and recording it),
 *   or a session whose container is gone, is cleaned up, first thing after a (re)start;
 * - idle: unvisited previews are paused, later stopped, later removed (their files are in the store);
 * - the warm pool is kept at PREVIEW_WARM_POOL started instances;
 * - each serving preview's agent events are followed: build and runtime errors become `preview:error`.
 */
@Injectable()
export class PreviewSupervisor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PreviewSupervisor.name);
  private readonly id = randomUUID();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private leader = false;
  private readonly watchers = new Map<string, AbortController>();
  /** Per session, the last agent event seq turned into `preview:error` (a reconnect resumes after it). */
  private readonly seen = new Map<string, number>();
  private readonly key: string;

  constructor(
    private readonly manager: PreviewManager,
    @Inject(ENV) private readonly env: Env,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PROJECT_EVENTS) private readonly events: ProjectEventBus,
  ) {
    // One leader per stack (its containers and sessions), whatever queue prefix a worker uses.
    this.key = `studio:preview-supervisor:${env.PREVIEW_STACK_ID}`;
  }

  async onApplicationBootstrap() {
    await this.manager.runtime.prepare();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    void this.tick();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    for (const watcher of this.watchers.values()) watcher.abort();
    if (this.leader) await this.redis.eval(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`, 1, this.key, this.id).catch(() => undefined);
    await this.manager.runtime.close();
  }

  private async lead(): Promise<boolean> {
    const got = await this.redis.set(this.key, this.id, 'PX', LEASE_MS, 'NX');
    if (got) return true;
    const renewed = await this.redis.eval(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`, 1, this.key, this.id, String(LEASE_MS));
    return renewed === 1;
  }

  /** One round of housekeeping; public so tests and the benchmarks can run one without waiting. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      this.leader = await this.lead();
      if (!this.leader) {
        for (const watcher of this.watchers.values()) watcher.abort();
        this.watchers.clear();
        return;
      }
      const sessions = await this.manager.sessions.all();
      await this.sweepOrphans(sessions);
      await this.reapIdle();
      await this.fillWarmPool();
      this.followEvents(await this.manager.sessions.all());
    } catch (err) {
      this.logger.warn({ msg: 'preview housekeeping failed', err: String((err as Error)?.stack ?? err) });
    } finally {
      this.ticking = false;
    }
  }

  private async sweepOrphans(sessions: PreviewSessionEntity[]) {
    const runtime = this.manager.runtime;
    const byInstance = new Map(sessions.filter((s) => s.instanceId).map((s) => [s.instanceId!, s]));
    const instances = await runtime.list();
    for (const instance of instances) {
      const session = byInstance.get(instance.id);
      // A session still starting may not have recorded its instance yet: give it a minute.
      const pending = sessions.find((s) => s.id === instance.sessionId && !s.instanceId && Date.now() - s.createdAt.getTime() < 60_000);
      if (session || pending) continue;
      this.logger.warn({ msg: 'removing an orphaned preview instance', instance: instance.id.slice(0, 12), session: instance.sessionId });
      await runtime.remove(instance.id).catch((err) => this.logger.warn(`remove ${instance.id}: ${err}`));
    }
    // An instance that died under a serving session (killed for memory, its agent crashed) is marked
    // stopped, so the next visit restarts it instead of proxying to a dead address.
    const dead = new Set(instances.filter((i) => i.state === 'stopped').map((i) => i.id));
    for (const session of sessions) {
      if (!session.projectId || !session.instanceId || !dead.has(session.instanceId) || !SERVING_STATUSES.has(session.status)) continue;
      await this.manager.sessions.withProjectLock(session.projectId, async () => {
        const now = await this.manager.sessions.get(session.id);
        if (!now || !SERVING_STATUSES.has(now.status) || now.instanceId !== session.instanceId || (await runtime.state(session.instanceId!)) !== 'stopped') return;
        this.logger.warn({ msg: 'a preview instance died; marking it stopped', session: session.id });
        await this.manager.sessions.setStatus(session.id, 'stopped');
        await this.manager.status(session.projectId!, 'stopped');
      });
    }
    const live = new Set(instances.map((i) => i.id));
    for (const session of sessions) {
      const stale = session.instanceId ? !live.has(session.instanceId) : Date.now() - session.createdAt.getTime() > 60_000;
      if (!stale) continue;
      await this.manager.sessions.delete(session.id);
      if (session.projectId) await this.manager.status(session.projectId, 'stopped');
    }
  }

  private async reapIdle() {
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
    for (const s of await this.manager.sessions.idle(['paused', 'stopped'], ago(this.env.PREVIEW_IDLE_REMOVE_SECONDS))) {
      await this.manager.stop(s.projectId!, true);
    }
    for (const s of await this.manager.sessions.idle(['paused'], ago(this.env.PREVIEW_IDLE_STOP_SECONDS))) {
      await this.manager.stop(s.projectId!, false);
    }
    // Every serving state: a session left `updating` by a turn whose worker died, or `starting` by a start
    // that crashed after its instance was recorded, is paused too, and a later visit syncs it to the head.
    for (const s of await this.manager.sessions.idle([...SERVING_STATUSES] as PreviewSessionStatus[], ago(this.env.PREVIEW_IDLE_PAUSE_SECONDS))) {
      await this.manager.sessions.withProjectLock(s.projectId!, async () => {
        const now = await this.manager.sessions.get(s.id);
        if (now && instanceOf(now) && SERVING_STATUSES.has(now.status) && now.lastAccessAt.getTime() === s.lastAccessAt.getTime()) await this.manager.pauseSession(now);
      });
    }
  }

  private async fillWarmPool() {
    const runtime = this.manager.runtime;
    const warm = (await this.manager.sessions.all()).filter((s) => s.status === 'warm');
    for (let i = warm.length; i < this.env.PREVIEW_WARM_POOL; i++) {
      const session = await this.manager.sessions.insertWarm(runtime.kind);
      try {
        await this.manager.sessions.setInstance(session.id, await runtime.create({ sessionId: session.id, warm: true }));
      } catch (err) {
        await this.manager.sessions.delete(session.id);
        this.logger.warn({ msg: 'could not start a warm preview', err: String(err) });
        return;
      }
    }
  }

  private followEvents(sessions: PreviewSessionEntity[]) {
    const serving = new Map(sessions.filter((s) => s.projectId && SERVING_STATUSES.has(s.status) && instanceOf(s)).map((s) => [s.id, s]));
    for (const [id, watcher] of this.watchers) {
      if (!serving.has(id)) {
        watcher.abort();
        this.watchers.delete(id);
        this.seen.delete(id);
      }
    }
    for (const session of serving.values()) {
      if (this.watchers.has(session.id)) continue;
      const controller = new AbortController();
      this.watchers.set(session.id, controller);
      void this.watch(session, controller).finally(() => {
        if (this.watchers.get(session.id) === controller) this.watchers.delete(session.id);
      });
    }
  }

  private async watch(session: PreviewSessionEntity, controller: AbortController) {
    const projectId = session.projectId!;
    try {
      for await (const event of new PreviewAgent(instanceOf(session)!).events(controller.signal, this.seen.get(session.id) ?? 0)) {
        if (event.type !== 'error' && event.type !== 'runtime-error') continue;
        if (event.seq <= (this.seen.get(session.id) ?? 0)) continue;
        this.seen.set(session.id, event.seq);
        // The agent reports paths relative to the project already.
        const file = event.file?.replace(/^\//, '');
        // An error met while a turn's changes are only staged is kept without a version: the turn's end
        // settles it (the committed version's error, or gone with a reverted turn; LivePreviewSync).
        await this.manager.sessions.recordError(session.id, { version: event.version, message: event.message, file, line: event.line, at: new Date(event.at).toISOString() });
        const version = event.version ?? (await this.manager.sessions.get(session.id))?.version ?? 0;
        await this.events.publish(projectId, 'preview:error', { version, message: event.message, ...(file ? { file } : {}), ...(event.line ? { line: event.line } : {}) });
      }
    } catch (err) {
      if (!controller.signal.aborted) this.logger.debug?.(`preview events of ${projectId} ended: ${err}`);
    }
  }
}
