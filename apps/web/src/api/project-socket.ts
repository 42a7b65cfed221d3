import type { ClientToServerEvents, MessageAttachment, ProjectEventName, ProjectEventPayloads, ProjectJoinAnswer, ServerToClientEvents } from '@studio/contracts';
import { io, type Socket } from 'socket.io-client';
import { request } from './client';

/** `history`: replayed by the first join (it happened before this page opened), not live. */
export type ProjectEvent = { [E in ProjectEventName]: { name: E; seq: number; payload: ProjectEventPayloads[E]; history: boolean } }[ProjectEventName];

// The web client imports only types from @studio/contracts (its PROJECT_EVENT_NAMES stays out of the bundle);
// the check below makes this list fail to compile when an event is missing.
const EVENTS = [
  'turn:queued',
  'turn:started',
  'turn:stage',
  'chat:delta',
  'file:staged',
  'turn:completed',
  'turn:failed',
  'turn:cancelled',
  'preview:status',
  'preview:updated',
  'preview:error',
  'export:progress',
  'export:ready',
  'export:failed',
  'upload:processed',
  'deployment:progress',
  'deployment:ready',
  'deployment:failed',
  'site:updated',
  'budget:warning',
] as const satisfies readonly ProjectEventName[];
const allListed: [Exclude<ProjectEventName, (typeof EVENTS)[number]>] extends [never] ? true : false = true;
void allListed;

/**
 * One project's live events. On (re)connect it joins with `afterSeq`: the first time 0, so a reloaded page
 * gets the events of a turn still in progress replayed in order (marked `history`); after that the last seq
 * it saw, so a dropped connection loses nothing. Events it has already seen (by seq) are dropped.
 */
export class ProjectSocket {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private lastSeq = 0;
  private history = true;

  constructor(
    private readonly projectId: string,
    private readonly onEvent: (event: ProjectEvent) => void,
    private readonly onJoined: (answer: ProjectJoinAnswer) => void,
  ) {
    // The handshake carries the session cookie (same origin), which the API accepts only from its own origin.
    this.socket = io({ transports: ['websocket'] });
    for (const name of EVENTS) {
      this.socket.on(name, ((payload: ProjectEventPayloads[typeof name] & { seq: number }) => {
        if (payload.seq <= this.lastSeq) return;
        this.lastSeq = payload.seq;
        this.onEvent({ name, seq: payload.seq, payload, history: this.history } as ProjectEvent);
      }) as never);
    }
    this.socket.on('connect', () => this.join());
    // An expired access token: one authenticated call refreshes it (api/client.ts), then connect again.
    this.socket.on('connect_error', (err) => {
      if (err.message === 'UNAUTHORIZED') this.reauthenticate();
    });
    // The server ends a socket whose credential ended (token expired, signed out, revoked), after an
    // `auth:revoked` notice, and Socket.IO does not reconnect by itself after a server's disconnect: a refreshed
    // token connects again; a session gone for good signs out (api/client.ts).
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') this.reauthenticate();
    });
  }

  private reauthenticate() {
    void request('GET', '/api/auth/me').then(
      () => this.socket.connect(),
      () => undefined,
    );
  }

  private join() {
    this.socket.emit('project:join', { projectId: this.projectId, afterSeq: this.lastSeq }, (answer) => {
      if (!answer.ok) return;
      // `lastSeq` follows the events received, never the answer's `seq` (the project's latest): live events held
      // back to fill a gap (docs/API.md `project:join`) can arrive after the answer, and must not be dropped.
      if (this.history) this.onJoined(answer);
      this.history = false;
    });
  }

  send(message: string, attachments: MessageAttachment[] = []): Promise<string> {
    return new Promise((resolve, reject) =>
      this.socket.emit('chat:send', { projectId: this.projectId, message, ...(attachments.length ? { attachments } : {}) }, (answer) =>
        answer.ok ? resolve(answer.turnId) : reject(Object.assign(new Error(answer.error.message), answer.error)),
      ),
    );
  }

  cancel(turnId: string): void {
    this.socket.emit('chat:cancel', { turnId }, () => undefined);
  }

  close(): void {
    this.socket.close();
  }
}
