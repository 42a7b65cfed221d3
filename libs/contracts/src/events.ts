import type { MessageAttachment } from './assets.js';
import type { ErrorBody } from './errors.js';
import type { DeploymentStage, SiteView } from './sites.js';
import type { RefusedChangeView, RenderCheckView, RenderErrorKind, TurnAccepted, TurnWarningView } from './turns.js';

/**
 * The Socket.IO contract of docs/API.md, typed once for the gateway, the worker's emitter and the web client.
 * Rooms: `project:<id>` and `user:<id>`.
 */
export const projectRoom = (projectId: string) => `project:${projectId}`;
export const userRoom = (userId: string) => `user:${userId}`;

export type PreviewStatus = 'stopped' | 'starting' | 'ready' | 'updating' | 'error';

export interface PreviewView {
  status: PreviewStatus;
  url?: string;
  version?: number;
  error?: string;
  /** With `status: 'error'` from a render check: where, in the project's source (source-mapped). */
  file?: string;
  line?: number;
  column?: number;
}

export type Ack<T extends object = object> = (answer: ({ ok: true } & T) | { ok: false; error: ErrorBody }) => void;

export interface ProjectJoinPayload {
  projectId: string;
  afterSeq?: number;
}

export interface ProjectJoinAnswer {
  preview: PreviewView;
  /** The project's latest event seq when the join completed: pass it as `afterSeq` after a reconnect. */
  seq: number;
  /** With `afterSeq`: how many events were replayed before this answer. */
  replayed?: number;
  /** With `afterSeq`: more events were missed than are kept for replay; reload the state over REST. */
  truncated?: boolean;
}

export interface ClientToServerEvents {
  'project:join': (payload: ProjectJoinPayload, ack: Ack<ProjectJoinAnswer>) => void;
  'project:leave': (payload: { projectId: string }, ack: Ack) => void;
  'chat:send': (payload: { projectId: string; message: string; model?: string; attachments?: MessageAttachment[] }, ack: Ack<TurnAccepted>) => void;
  'chat:cancel': (payload: { turnId: string }, ack: Ack) => void;
  /**
   * Hands the socket a fresh credential of the same person (a new access token before the old one expires),
   * so it stays connected; another person's credential is refused with UNAUTHORIZED. `expiresAt` is null for an API key.
   */
  'auth:refresh': (payload: { token: string }, ack: Ack<{ expiresAt: string | null }>) => void;
}

/** Why a socket's credential stopped working (`auth:revoked`). */
export type CredentialEndReason = 'logout' | 'api_key_revoked' | 'refresh_token_reused' | 'expired' | 'revoked';

/**
 * Sent to a socket just before the server disconnects it because its credential ended (sign-out, a revoked API
 * key, a reused refresh token, an access token that expired). `error.code` is UNAUTHORIZED: the client gets a
 * fresh token (refresh, or sign in again) and connects again.
 */
export interface AuthRevokedPayload {
  error: ErrorBody;
  reason: CredentialEndReason;
}

export type TurnStage = 'context' | 'llm' | 'validate' | 'commit' | 'sync';
export type FileAction = 'write' | 'delete' | 'rename';

export interface FileChangeView {
  action: FileAction;
  path: string;
  from?: string;
}

/** Why a model call of a turn was made. */
export type ModelCallPurpose = 'reply' | 'continuation' | 'repair' | 'repair-continuation';

/** One model call of a turn: its purpose, tokens and cost. */
export interface UsageCallView {
  purpose: ModelCallPurpose;
  provider: string;
  model: string;
  inputTokens: number;
  /** Of inputTokens, those the provider served from its prompt cache (when it says). */
  cachedInputTokens?: number;
  outputTokens: number;
  costUsd: number;
}

export interface UsageView {
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Every call that made up the totals, in order (the first reply, continuations, the repair round). */
  calls?: UsageCallView[];
}

/** Every project event carries these, so a client can ask for what it missed (`afterSeq`). */
export interface ProjectEventBase {
  projectId: string;
  seq: number;
}

export interface ProjectEventPayloads {
  'turn:queued': { turnId: string; position: number };
  'turn:started': { turnId: string; baseVersion: number };
  'turn:stage': { turnId: string; stage: TurnStage };
  'chat:delta': { turnId: string; text: string };
  'file:staged': { turnId: string } & FileChangeView;
  'turn:completed': {
    turnId: string;
    version: number;
    response: string;
    changes: FileChangeView[];
    usage: UsageView;
    /** Changes validation refused, each with its code and reason (RefusedChangeView). */
    refused: RefusedChangeView[];
    /** True when some of what the model wrote was not applied (`refused` says what and why). */
    partial: boolean;
    /** What the person should know that did not stop a change (type warnings, theme colours, placeholder copy). */
    warnings: TurnWarningView[];
    /** The platform's own load of the page after the turn's changes (absent when no preview was running). */
    render?: RenderCheckView;
  };
  'turn:failed': { turnId: string; error: ErrorBody; usage?: UsageView };
  'turn:cancelled': { turnId: string };
  'preview:status': PreviewView;
  'preview:updated': { version: number; paths: string[] };
  'preview:error': { version: number; message: string; file?: string; line?: number; column?: number; kind?: RenderErrorKind };
  'export:progress': { exportId: string; progress: number };
  'export:ready': { exportId: string; downloadUrl: string };
  'export:failed': { exportId: string; error: ErrorBody };
  /** An upload's bytes were checked: `done` (an asset version, or a chat picture ready to attach) or `refused`. */
  'upload:processed': { uploadId: string; status: 'done' | 'refused'; version?: number; path?: string; error?: ErrorBody };
  /** Publishing (docs/API.md "Sites and publishing"): a deployment's progress and outcome. */
  'deployment:progress': { deploymentId: string; progress: number; stage: DeploymentStage };
  'deployment:ready': { deploymentId: string; version: number; url: string; live: boolean };
  'deployment:failed': { deploymentId: string; error: ErrorBody };
  /** The site changed: settings, the live deployment (publish, rollback, unpublish), a domain verified or removed. */
  'site:updated': { site: SiteView };
  /**
   * The turn that just ended took the person past BUDGET_WARNING_RATIO of their monthly budget (once a month,
   * on the project of that turn; a `budget.warning` webhook goes with it).
   */
  'budget:warning': { spentUsd: number; monthlyUsd: number; remainingUsd: number; periodEnd: string };
}

export type ProjectEventName = keyof ProjectEventPayloads;

/** Every project event's name, at run time (a client subscribes to each). The check below keeps it complete. */
export const PROJECT_EVENT_NAMES = [
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
// Fails to compile when an event is added to ProjectEventPayloads and not to the list.
const allNamed: [Exclude<ProjectEventName, (typeof PROJECT_EVENT_NAMES)[number]>] extends [never] ? true : false = true;
void allNamed;

export type ServerToClientEvents = {
  [E in ProjectEventName]: (payload: ProjectEventBase & ProjectEventPayloads[E]) => void;
} & {
  'auth:revoked': (payload: AuthRevokedPayload) => void;
};

/** A stored project event as it travels between processes (Socket.IO server-side emit) and is replayed. */
export interface StoredProjectEvent<E extends ProjectEventName = ProjectEventName> {
  projectId: string;
  seq: number;
  name: E;
  payload: ProjectEventPayloads[E];
}

/** The server-side event name that carries a StoredProjectEvent to every API process. */
export const PROJECT_EVENT = 'studio:project-event';
