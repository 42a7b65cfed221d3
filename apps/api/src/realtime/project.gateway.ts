import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  type ClientToServerEvents,
  type ErrorBody,
  type PreviewView,
  projectRoom,
  type ServerToClientEvents,
  StudioError,
  userRoom,
  uuidSchema,
} from '@studio/contracts';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { bearerToken, CredentialsService } from '../auth/credentials.service.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../common/domain-error.js';
import { ProjectsService } from '../projects/projects.service.js';
import { SocketMetrics } from '../metrics/socket-metrics.js';

interface SocketData {
  principal: Principal;
}
type StudioSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type StudioServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const joinSchema = z.object({ projectId: uuidSchema, afterSeq: z.number().int().min(0).optional() });
const leaveSchema = z.object({ projectId: uuidSchema });

type Answer<T extends object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

/**
 * The Socket.IO contract of API.md. Credentials are checked once, at the handshake, by the same service as
 * the REST guard; every project-scoped event re-checks ownership. Errors come back in the ack, never thrown.
 */
@WebSocketGateway()
export class ProjectGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(ProjectGateway.name);

  constructor(
    private readonly credentials: CredentialsService,
    private readonly projects: ProjectsService,
    private readonly metrics: SocketMetrics,
  ) {}

  afterInit(server: StudioServer) {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown })?.token ?? bearerToken(socket.handshake.headers.authorization);
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
  }

  @SubscribeMessage('project:join')
  join(@ConnectedSocket() socket: StudioSocket, @MessageBody() body: unknown): Promise<Answer<{ preview: PreviewView; seq: number }>> {
    return this.answer(async () => {
      const { projectId } = parse(joinSchema, body);
      await this.projects.getOwned(socket.data.principal.userId, projectId);
      await socket.join(projectRoom(projectId));
      // Event replay by seq (afterSeq) and preview state arrive with the turn and preview issues; until
      // then a project has no stored events (seq 0) and no preview running.
      return { preview: { status: 'stopped' } as PreviewView, seq: 0 };
    });
  }

  @SubscribeMessage('project:leave')
  leave(@ConnectedSocket() socket: StudioSocket, @MessageBody() body: unknown): Promise<Answer<object>> {
    return this.answer(async () => {
      const { projectId } = parse(leaveSchema, body);
      await socket.leave(projectRoom(projectId));
      return {};
    });
  }

  private async answer<T extends object>(work: () => Promise<T>): Promise<Answer<T>> {
    try {
      return { ok: true, ...(await work()) };
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
