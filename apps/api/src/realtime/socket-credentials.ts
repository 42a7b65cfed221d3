import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AuthRevokedPayload, CredentialEndReason } from '@studio/contracts';
import type { Server, Socket } from 'socket.io';
import { CredentialRevocations } from '../auth/credential-revocations.js';
import { CredentialsService } from '../auth/credentials.service.js';
import { type CredentialRef, credentialOf, type Principal } from '../auth/principal.js';
import { DomainError } from '../common/domain-error.js';

/** The Socket.IO room of every socket opened with one credential (a sign-in session or an API key). */
export const credentialRoom = (c: CredentialRef) => (c.kind === 'session' ? `session:${c.id}` : `apikey:${c.id}`);

/** Server-side event (between API processes, over the Redis adapter) saying a credential's sockets must end. */
const CREDENTIAL_ENDED = 'studio:credential-ended';

// How long a "still live" answer is trusted for a credential in this process; revocations announced on Redis
// end sockets at once, this only bounds a revocation that was never announced.
const LIVENESS_CACHE_MS = 1000;
// Both maps (live answers, revocations heard) keep at most this many credentials, the oldest dropped first.
const MAX_CACHED = 10_000;

const MESSAGES: Record<CredentialEndReason, string> = {
  logout: 'This session was signed out.',
  api_key_revoked: 'This API key was revoked.',
  refresh_token_reused: 'This session was revoked (its refresh token was used twice).',
  expired: 'The access token expired; refresh it and connect again.',
  revoked: 'These credentials were revoked.',
};

interface CredentialSocketData {
  principal: Principal;
  expiryTimer?: NodeJS.Timeout;
}

const dataOf = (socket: Socket) => socket.data as CredentialSocketData;

/**
 * Keeps each socket's credential honest for as long as the socket is open. A socket joins its credential's
 * room; revoking the credential (logout, API-key revoke, refresh-token reuse) ends those sockets on every API
 * process, an access token's expiry ends its socket on time, and every event a socket sends re-checks its
 * credential first. Ending a socket sends `auth:revoked` (UNAUTHORIZED) and then disconnects it.
 */
@Injectable()
export class SocketCredentials implements OnModuleDestroy {
  private readonly logger = new Logger(SocketCredentials.name);
  private server?: Server;
  private readonly live = new Map<string, { live: boolean; at: number }>();
  // Revocations heard (a revoked credential never comes back), also for a socket that authenticated just
  // before the news and joined its room after it.
  private readonly revokedHeard = new Map<string, number>();
  // Liveness lookups in flight, by credential room (at most one each).
  private readonly checking = new Map<string, Promise<boolean>>();
  private readonly stopListening: () => void;

  constructor(
    private readonly credentials: CredentialsService,
    revocations: CredentialRevocations,
  ) {
    // A revocation in this process: end its sockets here and tell the other API processes.
    this.stopListening = revocations.listen((credential, reason) => {
      this.endLocally(credential, reason);
      this.server?.serverSideEmit(CREDENTIAL_ENDED, credential, reason);
    });
  }

  attach(server: Server) {
    this.server = server;
    server.of('/').on(CREDENTIAL_ENDED, (credential: CredentialRef, reason: CredentialEndReason) => this.endLocally(credential, reason));
  }

  onModuleDestroy() {
    this.stopListening();
  }

  /** A new socket, authenticated as `principal`: joins its credential's room and ends when its token expires. */
  async connected(socket: Socket, principal: Principal): Promise<void> {
    dataOf(socket).principal = principal;
    socket.once('disconnect', () => clearTimeout(dataOf(socket).expiryTimer));
    await this.bind(socket, principal);
  }

  /** Moves a socket to a fresh credential of the same person (`auth:refresh`). */
  async replace(socket: Socket, next: Principal): Promise<void> {
    const current = dataOf(socket).principal;
    if (next.userId !== current.userId) throw new DomainError('UNAUTHORIZED', 'That token belongs to someone else.');
    const before = credentialRoom(credentialOf(current));
    dataOf(socket).principal = next;
    if (credentialRoom(credentialOf(next)) !== before) await socket.leave(before);
    await this.bind(socket, next);
  }

  /**
   * Throws UNAUTHORIZED, and ends the socket, when its credential expired or was revoked. Every event handler
   * calls this before it acts; a "live" answer is cached for a second per credential.
   */
  async assertLive(socket: Socket): Promise<Principal> {
    const principal = dataOf(socket).principal;
    if (principal.via === 'jwt' && principal.expiresAt <= Date.now()) return this.refuse(socket, 'expired');
    const key = credentialRoom(credentialOf(principal));
    if (this.revokedHeard.has(key)) return this.refuse(socket, 'revoked');
    const cached = this.live.get(key);
    const live = cached && Date.now() - cached.at < LIVENESS_CACHE_MS ? cached.live : await this.check(key, principal);
    if (!live) return this.refuse(socket, 'revoked');
    return principal;
  }

  /**
   * One lookup per credential at a time: events of its sockets that arrive while it runs share its answer (a
   * burst of a person's sends costs one query, not one each). That answer is no older than a cached one may be.
   */
  private check(key: string, principal: Principal): Promise<boolean> {
    const running = this.checking.get(key);
    if (running) return running;
    const check = this.credentials
      .isLive(principal)
      .then((live) => {
        this.remember(this.live, key, { live, at: Date.now() });
        return live;
      })
      .finally(() => this.checking.delete(key));
    this.checking.set(key, check);
    return check;
  }

  private async bind(socket: Socket, principal: Principal) {
    const credential = credentialOf(principal);
    await socket.join(credentialRoom(credential));
    // Revoked between the handshake's check and the join: the room's notice went by before we were in it.
    if (this.revokedHeard.has(credentialRoom(credential))) return this.end(socket, 'revoked');
    const data = dataOf(socket);
    clearTimeout(data.expiryTimer);
    data.expiryTimer = undefined;
    if (principal.via === 'jwt') data.expiryTimer = setTimeout(() => this.end(socket, 'expired'), Math.max(0, principal.expiresAt - Date.now()));
  }

  private refuse(socket: Socket, reason: CredentialEndReason): never {
    // After the handler's UNAUTHORIZED ack has gone out (acks are sent within the same turn of the event loop).
    setImmediate(() => this.end(socket, reason));
    throw new DomainError('UNAUTHORIZED', MESSAGES[reason]);
  }

  private endLocally(credential: CredentialRef, reason: CredentialEndReason) {
    const room = credentialRoom(credential);
    this.remember(this.revokedHeard, room, Date.now());
    this.live.delete(room);
    const members = this.server?.of('/').adapter.rooms.get(room);
    for (const id of [...(members ?? [])]) {
      const socket = this.server?.of('/').sockets.get(id);
      if (socket) this.end(socket, reason);
    }
  }

  /** Tells the client why (it re-authenticates on UNAUTHORIZED), then disconnects it; the notice goes out first. */
  private end(socket: Socket, reason: CredentialEndReason) {
    if (!socket.connected) return;
    clearTimeout(dataOf(socket).expiryTimer);
    const notice: AuthRevokedPayload = { error: { code: 'UNAUTHORIZED', message: MESSAGES[reason] }, reason };
    socket.emit('auth:revoked', notice);
    socket.disconnect(true);
    this.logger.debug(`socket ${socket.id} ended: ${reason}`);
  }

  /** Bounded maps: the entry touched last goes to the end, the oldest go first when the map is full. */
  private remember<V>(map: Map<string, V>, key: string, value: V) {
    map.delete(key);
    map.set(key, value);
    for (const oldest of map.keys()) {
      if (map.size <= MAX_CACHED) break;
      map.delete(oldest);
    }
  }
}
