import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { PreviewRuntime } from '@studio/containers';
import { PreviewSessionsRepository } from '@studio/data';
import { AgentEvents } from './housekeeping/agent-events.js';
import { DeadInstances } from './housekeeping/dead-instances.js';
import { IdleReaper } from './housekeeping/idle-reaper.js';
import { LeaderLease } from './housekeeping/leader-lease.js';
import { OrphanSweep } from './housekeeping/orphan-sweep.js';
import { WarmPool } from './housekeeping/warm-pool.js';
import { PREVIEW_RUNTIME } from './preview.injection-keys.js';

const TICK_MS = 3000;

/**
 * The housekeeping of previews, every TICK_MS in the worker that holds the lease (housekeeping/): orphans
 * swept, dead instances marked stopped, idle previews paused, stopped and removed, the warm pool filled,
 * and every serving preview's agent events followed. It also prepares the runtime at boot and closes it.
 */
@Injectable()
export class PreviewSupervisor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PreviewSupervisor.name);
  private timer?: NodeJS.Timeout;
  private ticking = false;

  constructor(
    @Inject(PREVIEW_RUNTIME) private readonly runtime: Pick<PreviewRuntime, 'prepare' | 'close' | 'list'>,
    @Inject(PreviewSessionsRepository) private readonly sessions: Pick<PreviewSessionsRepository, 'all'>,
    @Inject(LeaderLease) private readonly lease: Pick<LeaderLease, 'renew' | 'release'>,
    @Inject(OrphanSweep) private readonly orphans: Pick<OrphanSweep, 'removeInstances' | 'dropSessions'>,
    @Inject(DeadInstances) private readonly dead: Pick<DeadInstances, 'markStopped'>,
    @Inject(IdleReaper) private readonly idle: Pick<IdleReaper, 'reap'>,
    @Inject(WarmPool) private readonly warmPool: Pick<WarmPool, 'fill'>,
    @Inject(AgentEvents) private readonly agentEvents: Pick<AgentEvents, 'follow' | 'stopAll'>,
  ) {}

  async onApplicationBootstrap() {
    await this.runtime.prepare();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    void this.tick();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    this.agentEvents.stopAll();
    await this.lease.release();
    await this.runtime.close();
  }

  /** One round of housekeeping; public so tests and the benchmarks can run one without waiting. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      if (!(await this.lease.renew())) {
        this.agentEvents.stopAll();
        return;
      }
      const sessions = await this.sessions.all();
      const instances = await this.runtime.list();
      await this.orphans.removeInstances(sessions, instances);
      await this.dead.markStopped(sessions, instances);
      await this.orphans.dropSessions(sessions, instances);
      await this.idle.reap();
      await this.warmPool.fill();
      this.agentEvents.follow(await this.sessions.all());
    } catch (err) {
      this.logger.warn({ msg: 'preview housekeeping failed', err: String((err as Error)?.stack ?? err) });
    } finally {
      this.ticking = false;
    }
  }
}
