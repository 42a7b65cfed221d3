import { Inject, Injectable } from '@nestjs/common';
import { PROJECT_EVENT, projectRoom, type ServerToClientEvents, type StoredProjectEvent } from '@studio/contracts';
import { DbScope } from '@studio/data';
import { PROJECT_EVENTS, type ProjectEventBus } from '@studio/platform';
import type { Server, Socket } from 'socket.io';
import { OrderedDelivery } from './ordered-delivery.js';

/**
 * What one socket has of one project: live events wait in `buffer` while its replay is being sent; after it
 * they go through `ordered` (in seq order, gaps read from the store). A join without `afterSeq` has neither:
 * its live events are sent as they come.
 */
interface Subscription {
  buffer: StoredProjectEvent[] | null;
  ordered: OrderedDelivery | null;
}

type AnySocket = Socket<never, ServerToClientEvents>;
/** The socket's subscriptions, made on first use; when it disconnects, each one's pending gap reads stop. */
function subscriptionsOf(socket: Socket): Map<string, Subscription> {
  const data = socket.data as { subscriptions?: Map<string, Subscription> };
  if (!data.subscriptions) {
    const subscriptions = new Map<string, Subscription>();
    data.subscriptions = subscriptions;
    socket.once('disconnect', () => {
      for (const sub of subscriptions.values()) sub.ordered?.close();
    });
  }
  return data.subscriptions;
}

/**
 * Hands each project event to this process's sockets in the project (docs/API.md: every event once, in order,
 * replayable by seq). Events reach every API process as Socket.IO server-side emits over the Redis adapter;
 * delivery here, not a plain room broadcast, so that a socket joining with `afterSeq` gets the events it
 * missed from the store and the live ones after them, with no gap and no duplicate.
 */
@Injectable()
export class ProjectEventFanout {
  private server?: Server;
  private readonly listeners = new Set<(event: StoredProjectEvent) => void>();

  constructor(@Inject(PROJECT_EVENTS) private readonly events: Pick<ProjectEventBus, 'since'>) {}

  attach(server: Server) {
    this.server = server;
    server.of('/').on(PROJECT_EVENT as never, (event: StoredProjectEvent) => {
      for (const listener of this.listeners) listener(event);
      this.deliver(event);
    });
  }

  /** Every project event this process receives (the preview proxy waits on `preview:status` with it). */
  listen(listener: (event: StoredProjectEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes the socket; with `afterSeq`, live events are held until `replay` has sent the stored ones. */
  async subscribe(socket: Socket, projectId: string, replaying: boolean): Promise<void> {
    subscriptionsOf(socket).get(projectId)?.ordered?.close();
    subscriptionsOf(socket).set(projectId, { buffer: replaying ? [] : null, ordered: null });
    await socket.join(projectRoom(projectId));
  }

  /**
   * Sends the stored events, then the live ones that arrived meanwhile and are not among them, in order. A gap
   * is read later as `userId` (outside the join's message, so under that person's row-level security again).
   */
  finishReplay(socket: Socket, projectId: string, userId: string, stored: StoredProjectEvent[], upTo: number) {
    const sub = subscriptionsOf(socket).get(projectId);
    if (!sub) return;
    for (const event of stored) send(socket, event);
    sub.ordered?.close();
    const ordered = new OrderedDelivery(
      upTo,
      (event) => send(socket, event),
      (afterSeq) => DbScope.asUser(userId, () => this.events.since(projectId, afterSeq)),
      // Too much missed to send: the client joins again, and its replay says `truncated` (reload).
      () => socket.disconnect(true),
    );
    sub.ordered = ordered;
    const held = sub.buffer ?? [];
    sub.buffer = null;
    for (const event of held) ordered.offer(event);
  }

  async unsubscribe(socket: Socket, projectId: string) {
    subscriptionsOf(socket).get(projectId)?.ordered?.close();
    subscriptionsOf(socket).delete(projectId);
    await socket.leave(projectRoom(projectId));
  }

  private deliver(event: StoredProjectEvent) {
    const server = this.server;
    const members = server?.of('/').adapter.rooms.get(projectRoom(event.projectId));
    if (!server || !members) return;
    for (const id of members) {
      const socket = server.of('/').sockets.get(id);
      const sub = socket && subscriptionsOf(socket).get(event.projectId);
      if (!socket || !sub) continue;
      if (sub.buffer) sub.buffer.push(event);
      else if (sub.ordered) sub.ordered.offer(event);
      else send(socket, event);
    }
  }
}

function send(socket: Socket, event: StoredProjectEvent) {
  (socket as unknown as AnySocket).emit(event.name, { ...event.payload, projectId: event.projectId, seq: event.seq } as never);
}
