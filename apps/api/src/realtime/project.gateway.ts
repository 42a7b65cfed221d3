import { randomUUID } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, type OnGatewayConnection, type OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import {
  type ClientToServerEvents,
  type ErrorBody,
  type PreviewView,
  type ProjectJoinAnswer,
  type ServerToClientEvents,
  StudioError,
  sendMessageBodySchema,
  type TurnAccepted,
  userRoom,
  uuidSchema,
} from '@studio/contracts';
import { DbScope, PreviewSessionsRepository } from '@studio/data';
import { PROJECT_EVENTS, type ProjectEventBus, runInLogContext } from '@studio/platform';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { bearerToken, CredentialsService } from '../auth/credentials.service.js';
import type { Principal } from '../auth/principal.js';
import { sameOriginSessionCookie } from '../auth/session-cookies.js';
import { DomainError } from '../common/domain-error.js';
import { SocketMetrics } from '../metrics/socket-metrics.js';
import { PreviewLinks } from '../previews/preview-links.js';
import { previewView } from '../previews/preview-view.js';
import { ProjectsService } from '../projects/projects.service.js';
import { TurnsService } from '../turns/turns.service.js';
import { ProjectEventFanout } from './event-fanout.js';
import { SocketCredentials } from './socket-credentials.js';

interface SocketData {
  principal: Principal;
}
type StudioSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type StudioServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const joinSchema = z.object({ projectId: uuidSchema, afterSeq: z.number().int().min(0).optional() });
const leaveSchema = z.object({ projectId: uuidSchema });
const sendSchema = sendMessageBodySchema.extend({ projectId: uuidSchema });
const cancelSchema = z.object({ turnId: uuidSchema });
const refreshSchema = z.object({ token: z.string().min(1).max(4096) });

type Answer<T extends object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

/**
 * The Socket.IO contract of docs/API.md. Credentials are checked at the handshake by the same service as the REST
 * guard, and stay checked while the socket is open (SocketCredentials: revocation and expiry end the socket,
 * every event re-checks the credential); every project-scoped event re-checks ownership. Errors come back in
 * the ack, never thrown.
 */
@WebSocketGateway()
export class ProjectGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(ProjectGateway.name);

  constructor(
    private readonly credentials: CredentialsService,
    private readonly projects: ProjectsService,
    private readonly metrics: SocketMetrics,
    private readonly turns: TurnsService,
    private readonly fanout: ProjectEventFanout,
    @Inject(PROJECT_EVENTS) private readonly events: ProjectEventBus,
    private readonly previewSessions: PreviewSessionsRepository,
    private readonly previewLinks: PreviewLinks,
    private readonly socketCredentials: SocketCredentials,
  ) {}

  afterInit(server: StudioServer) {
    this.fanout.attach(server as unknown as Server);
    this.socketCredentials.attach(server as unknown as Server);
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown })?.token ?? bearerToken(socket.handshake.headers.authorization) ?? sameOriginSessionCookie(socket.handshake.headers);
      this.credentials
        .authenticate(typeof token === 'string' ? token : null)
        .then((principal) => {
          if (!principal) return next(new Error('UNAUTHORIZED'));
          socket.data.principal = principal;
          next();
        })
        .catch((err) => {
          this.logger.error(`handshake: ${err}`);
          next(new Error('UNAVAILABLE'));
        });
    });
  }

  handleConnection(socket: StudioSocket) {
    void socket.join(userRoom(socket.data.principal.userId));
    this.metrics.connected(socket);
    this.socketCredentials.connected(socket, socket.data.principal).catch((err) => this.logger.error(`connection: ${err}`));
  }

  @SubscribeMessage('project:join')
  join(@ConnectedSocket() socket: StudioSocket, @MessageBody() body: unknown): Promise<Answer<ProjectJoinAnswer>> {
    return this.answer(socket, 'project:join', async () => {
      const { projectId, afterSeq } = parse(joinSchema, body);
      await this.projects.getOwned(socket.data.principal.userId, projectId);
      // Subscribe first, then read the store: an event is either in what we read or arrives live after.
      await this.fanout.subscribe(socket, projectId, afterSeq !== undefined);
      let replay: Pick<ProjectJoinAnswer, 'replayed' | 'truncated'> = {};
      if (afterSeq !== undefined) {
        try {
          const { events, truncated } = await this.events.since(projectId, afterSeq);
          this.fanout.finishReplay(socket, projectId, socket.data.principal.userId, events, events.at(-1)?.seq ?? afterSeq);
          replay = { replayed: events.length, truncated };
        } catch (err) {
          await this.fanout.unsubscribe(socket, projectId);
          throw err;
        }
      }
      const preview: PreviewView = previewView(await this.previewSessions.target(projectId), this.previewLinks.url(socket.data.principal, projectId));
      return { preview, seq: await this.events.currentSeq(projectId), ...replay };
    });
  }

  @SubscribeMessage('project:leave')
  leave(@ConnectedSocket() socket: StudioSocket, @MessageBody() body: unknown): Promise<Answer<object>> {
    return this.answer(socket, 'project:leave', async () => {
      const { projectId } = parse(leaveSchema, body);
      await this.fanout.unsubscribe(socket, projectId);
      return {};
    });
  }

  @SubscribeMessage('chat:send')
  send(@ConnectedSocket() socket: StudioSocket, @MessageBody() body: unknown): Promise<Answer<TurnAccepted>> {
    return this.answer(socket, 'chat:send', async () => {
      const { projectId, message, model, attachments } = parse(sendSchema, body);
      return this.turns.create(socket.data.principal.userId, projectId, { message, model, attachments });
    });
  }

  @SubscribeMessage('chat:cancel')
  cancel(@ConnectedSocket() socket: StudioSocket, @MessageBody() body: unknown): Promise<Answer<object>> {
    return this.answer(socket, 'chat:cancel', async () => {
      const { turnId } = parse(cancelSchema, body);
      await this.turns.cancel(socket.data.principal.userId, turnId);
      return {};
    });
  }

  /** A fresh credential of the same person, so the socket outlives its access token without reconnecting. */
  @SubscribeMessage('auth:refresh')
  refresh(@ConnectedSocket() socket: StudioSocket, @MessageBody() body: unknown): Promise<Answer<{ expiresAt: string | null }>> {
    return this.answer(socket, 'auth:refresh', async () => {
      const { token } = parse(refreshSchema, body);
      const next = await this.credentials.authenticate(token);
      if (!next) throw new DomainError('UNAUTHORIZED', 'Missing, invalid, expired or revoked credentials.');
      await this.socketCredentials.replace(socket, next);
      return { expiresAt: next.via === 'jwt' ? new Date(next.expiresAt).toISOString() : null };
    });
  }

  /**
   * Runs an event's work once the socket's credential is known to be live; errors become the ack. Each message
   * gets a request id of its own, on every line logged while handling it and in the jobs it enqueues.
   */
  private answer<T extends object>(socket: StudioSocket, event: string, work: () => Promise<T>): Promise<Answer<T>> {
    return runInLogContext({ requestId: randomUUID(), message: event, socketId: socket.id }, () => this.handle(socket, work));
  }

  private async handle<T extends object>(socket: StudioSocket, work: () => Promise<T>): Promise<Answer<T>> {
    try {
      const principal = await this.socketCredentials.assertLive(socket);
      // The event's queries see only this person's rows (row-level security), like a request's.
      return { ok: true, ...(await DbScope.asUser(principal.userId, work)) };
    } catch (err) {
      if (err instanceof StudioError) return { ok: false, error: err.toBody() };
      this.logger.error(`socket handler: ${(err as Error)?.stack ?? err}`);
      return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged.' } };
    }
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new DomainError('VALIDATION_FAILED', `Invalid payload: ${parsed.error.issues.map((i) => i.path.join('.') || '(payload)').join(', ')}`);
  }
  return parsed.data;
}
