import { Logger } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { PROJECT_EVENT, type ProjectEventName, type ProjectEventPayloads, type StoredProjectEvent } from '@studio/contracts';
import { ProjectEventsRepository } from '@studio/data';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

const logger = new Logger('ProjectEvents');

/**
 * One line per published event (name, project, seq; never the payload, which may hold people's text), under
 * the request id of the work that published it. At `debug`, so a normal run (LOG_LEVEL=log) is not flooded;
 * streamed text (`chat:delta`, one per chunk) only at `verbose`.
 */
function logPublished(event: StoredProjectEvent): void {
  const line = { msg: `event ${event.name}`, event: event.name, projectId: event.projectId, seq: event.seq };
  if (event.name === 'chat:delta') logger.verbose(line);
  else logger.debug(line);
}

/** Events kept per project for replay; older ones are pruned (a client that missed more reloads over REST). */
export const REPLAY_LIMIT = 2000;

/**
 * The one way any process publishes a project event (docs/API.md "Server → client"): the event gets the project's
 * next seq and is stored in the same statement, then it travels to every API process as a Socket.IO
 * server-side emit over the Redis adapter's channel, and each API process hands it to its own sockets in
 * that project (with replay dedup, see the gateway). Stored before it is sent, so a reconnecting client can
 * always replay it. Events of one project published by one process go out in seq order.
 */
export class ProjectEventBus {
  private readonly emitter: Emitter;
  private readonly log: ProjectEventsRepository;
  // Per project, the tail of the publish chain: events of a project are stored and sent one after another.
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    db: DataSource,
    private readonly redis: Redis,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.log = new ProjectEventsRepository(db);
    // The emitter does not hand back its publish; this wrapper does not let a failed one go unhandled.
    const publisher = { publish: (channel: string, message: string) => redis.publish(channel, message).catch(onError) };
    this.emitter = new Emitter(publisher as unknown as Redis, { key: 'studio:io' });
  }

  /** Closes the bus's own Redis connection. */
  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }

  /** Stores and sends; resolves with the stored event, or null when the project no longer exists. */
  publish<E extends ProjectEventName>(projectId: string, name: E, payload: ProjectEventPayloads[E]): Promise<StoredProjectEvent<E> | null> {
    const previous = this.chains.get(projectId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.storeAndSend(projectId, name, payload));
    this.chains.set(projectId, next);
    void next
      .finally(() => {
        if (this.chains.get(projectId) === next) this.chains.delete(projectId);
      })
      .catch(() => undefined);
    return next;
  }

  /**
   * Sends an event its caller stored itself, in the same statement as the change it announces (a new
   * turn and its `turn:queued`), after that statement committed.
   */
  send(event: StoredProjectEvent): void {
    this.emitter.serverSideEmit(PROJECT_EVENT, event);
    logPublished(event);
  }

  /** Resolves once every event published so far for the project has been stored and sent. */
  async flush(projectId: string): Promise<void> {
    await this.chains.get(projectId)?.catch(() => undefined);
  }

  /** The project's latest seq (0 before any event). */
  currentSeq(projectId: string): Promise<number> {
    return this.log.currentSeq(projectId);
  }

  /** Events after `afterSeq`, oldest first: at most REPLAY_LIMIT, the newest ones when more were missed. */
  since(projectId: string, afterSeq: number): Promise<{ events: StoredProjectEvent[]; truncated: boolean }> {
    return this.log.after(projectId, afterSeq, REPLAY_LIMIT);
  }

  private async storeAndSend<E extends ProjectEventName>(projectId: string, name: E, payload: ProjectEventPayloads[E]): Promise<StoredProjectEvent<E> | null> {
    const event = await this.log.append(projectId, name, payload);
    if (event) {
      this.emitter.serverSideEmit(PROJECT_EVENT, event);
      logPublished(event);
    }
    return event;
  }
}
