import { z } from 'zod';
import type { ErrorBody, ErrorCode } from './errors.js';
import type { FileChangeView, UsageView } from './events.js';

/** The longest chat message a person may send (about 5k words): longer input is pasted files, not chat. */
export const MAX_MESSAGE_CHARS = 20_000;

export const sendMessageBodySchema = z.object({
  message: z.string().trim().min(1, { message: 'must not be empty' }).max(MAX_MESSAGE_CHARS),
  /** `provider:model` from GET /api/models, tried first; the configured route's others stay as fallbacks. */
  model: z.string().trim().min(3).max(200).optional(),
});
export type SendMessageBody = z.infer<typeof sendMessageBodySchema>;

export type TurnStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export const FINISHED_TURN_STATUSES: readonly TurnStatus[] = ['completed', 'failed', 'cancelled'];

/** A change the model wrote that validation refused: the turn went on without it. */
export interface RefusedChangeView extends FileChangeView {
  code: ErrorCode;
  message: string;
  line?: number;
  /** For COMPONENT_NOT_FOUND: the library's ids closest to the one asked for. */
  suggestions?: string[];
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
}

export interface ModelView {
  /** `provider:model`, what `model` in a turn request names. */
  id: string;
  provider: string;
  model: string;
  /** The first of LLM_ROUTE: used when a turn names none. */
  default: boolean;
}
