import { z } from 'zod';
import { type ChatAttachmentView, MAX_MESSAGE_ATTACHMENTS, messageAttachmentSchema } from './assets.js';
import type { ErrorBody, ErrorCode } from './errors.js';
import type { FileChangeView, UsageView } from './events.js';
import { text } from './text.js';

/** The longest chat message a person may send (about 5k words): longer input is pasted files, not chat. */
export const MAX_MESSAGE_CHARS = 20_000;

export const sendMessageBodySchema = z.object({
  message: text().trim().min(1, { message: 'must not be empty' }).max(MAX_MESSAGE_CHARS),
  /** `provider:model` from GET /api/models, tried first; the configured route's others stay as fallbacks. */
  model: text().trim().min(3).max(200).optional(),
  /** Pictures for the model (a screenshot, a design, a logo to use): `chat` uploads of this project. */
  attachments: z.array(messageAttachmentSchema).max(MAX_MESSAGE_ATTACHMENTS).optional(),
});
export type SendMessageBody = z.infer<typeof sendMessageBodySchema>;

/** What sending a message answers (`POST /api/projects/:id/turns`, the `chat:send` ack): the turn it queued. */
export interface TurnAccepted {
  turnId: string;
}

export type TurnStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export const FINISHED_TURN_STATUSES: readonly TurnStatus[] = ['completed', 'failed', 'cancelled'];

/** A change the model wrote that validation refused: the turn went on without it. */
export interface RefusedChangeView extends Omit<FileChangeView, 'action'> {
  /** What the model asked for: `patch` and `insert` are reported as such (they would have been writes). */
  action: FileChangeView['action'] | 'patch' | 'insert';
  code: ErrorCode;
  message: string;
  line?: number;
  column?: number;
  /** For COMPONENT_NOT_FOUND: the library's ids closest to the one asked for. */
  suggestions?: string[];
  /** A knock-on refusal: the path of the refused change that this one depended on (e.g. the component it imports). */
  causedBy?: string;
  /** For TYPE_ERROR: TypeScript's diagnostic code (e.g. 2305). */
  tsCode?: number;
}

export type TurnWarningCode = 'TYPE_WARNING' | 'THEME_COLOR' | 'SECTION_PLACEHOLDER';

/** Something about an applied change the person (and the model, in a repair round) should know; not a refusal. */
export interface TurnWarningView {
  code: TurnWarningCode;
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export type RenderErrorKind = 'module-link' | 'uncaught' | 'empty-root' | 'build' | 'load';

/** What the platform's headless load of the preview found. */
export interface RenderCheckView {
  /** `unavailable`: a preview was running but the check could not be made (no browser); nothing is claimed. */
  status: 'passed' | 'failed' | 'unavailable';
  /** How long the load and the checks took. */
  ms: number;
  error?: { kind: RenderErrorKind; message: string; file?: string; line?: number; column?: number };
  /** The first check failed and the repair round's changes made it pass. */
  repaired?: boolean;
}

export interface Turn {
  id: string;
  projectId: string;
  status: TurnStatus;
  message: string;
  response: string;
  baseVersion: number | null;
  version?: number;
  changes: FileChangeView[];
  refused: RefusedChangeView[];
  /** Some of what the model wrote was not applied (see `refused`). */
  partial: boolean;
  warnings: TurnWarningView[];
  render?: RenderCheckView;
  error?: ErrorBody;
  usage?: UsageView;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface ChatMessageView {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  turnId: string | null;
  createdAt: string;
  /** On the person's message: the pictures it carried. */
  attachments?: ChatAttachmentView[];
  /** On the assistant's message: what of the reply was not applied, so the chat never claims more than landed. */
  partial?: boolean;
  refused?: RefusedChangeView[];
  warnings?: TurnWarningView[];
}

export interface ModelView {
  /** `provider:model`, what `model` in a turn request names. */
  id: string;
  provider: string;
  model: string;
  /** The first of LLM_ROUTE: used when a turn names none. */
  default: boolean;
}
