import { Injectable } from '@nestjs/common';
import { PROJECT_EVENT, projectRoom, type ServerToClientEvents, type StoredProjectEvent } from '@studio/contracts';
import type { Server, Socket } from 'socket.io';

/** What one socket has of one project: live events wait in `buffer` while its replay is being sent. */
interface Subscription {
  /** Events up to this seq were sent by the replay: a live copy of one is not sent again. */
  replayedUpTo: number;
  buffer: StoredProjectEvent[] | null;
}

type AnySocket = Socket<never, ServerToClientEvents>;
const subscriptionsOf = (socket: Socket): Map<string, Subscription> => ((socket.data as { subscriptions?: Map<string, Subscription> }).subscriptions ??= new Map());

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
    subscriptionsOf(socket).set(projectId, { replayedUpTo: -1, buffer: replaying ? [] : null });
    await socket.join(projectRoom(projectId));
  }

  /** Sends the stored events, then the live ones that arrived meanwhile and are not among them. */
  finishReplay(socket: Socket, projectId: string, stored: StoredProjectEvent[], upTo: number) {
    const sub = subscriptionsOf(socket).get(projectId);
    if (!sub) return;
    for (const event of stored) send(socket, event);
    sub.replayedUpTo = upTo;
    const held = (sub.buffer ?? []).filter((e) => e.seq > upTo).sort((a, b) => a.seq - b.seq);
    sub.buffer = null;
    for (const event of held) send(socket, event);
  }

  async unsubscribe(socket: Socket, projectId: string) {
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
      else if (event.seq > sub.replayedUpTo) send(socket, event);
    }
  }
}

function send(socket: Socket, event: StoredProjectEvent) {
  (socket as unknown as AnySocket).emit(event.name, { ...event.payload, projectId: event.projectId, seq: event.seq } as never);
}
