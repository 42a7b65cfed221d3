import type { ChatAttachmentView, ErrorBody, FileChangeView, RefusedChangeView, RenderCheckView, Turn, TurnStage, TurnWarningView, UsageView } from '@studio/contracts';
import type { ProjectEvent } from '../api/project-socket';

/** One exchange in the chat: what the person asked and everything the turn did about it. */
export interface ChatTurn {
  turnId: string;
  message: string;
  /** The pictures the person's message carried. */
  attachments?: ChatAttachmentView[];
  status: Turn['status'];
  position?: number;
  stage?: TurnStage;
  /** The reply's text: streamed deltas while it runs, the final response when it completes. */
  response: string;
  /** Changes validated while the model streamed (shown before the version lands). */
  staged: FileChangeView[];
  changes: FileChangeView[];
  refused: RefusedChangeView[];
  /** Some of what the model wrote was not applied (`refused` says what and why). */
  partial: boolean;
  warnings: TurnWarningView[];
  render?: RenderCheckView;
  version?: number;
  usage?: UsageView;
  error?: ErrorBody;
}

export const fromTurn = (t: Turn): ChatTurn => ({
  turnId: t.id,
  message: t.message,
  status: t.status,
  // A turn still running is rebuilt from its replayed deltas (the socket joins with afterSeq), not doubled.
  response: ['completed', 'failed', 'cancelled'].includes(t.status) ? t.response : '',
  staged: [],
  changes: t.changes,
  refused: t.refused ?? [],
  partial: t.partial ?? false,
  warnings: t.warnings ?? [],
  render: t.render,
  version: t.version,
  usage: t.usage,
  error: t.error,
});

const finished = (t: ChatTurn) => t.status === 'completed' || t.status === 'failed' || t.status === 'cancelled';

/** Applies one live (or replayed) event to the chat. Events of a turn already finished on screen change nothing. */
export function applyEvent(turns: ChatTurn[], event: ProjectEvent): ChatTurn[] {
  if (!('turnId' in event.payload)) return turns;
  const id = event.payload.turnId;
  const index = turns.findIndex((t) => t.turnId === id);
  if (index < 0 || finished(turns[index])) return turns;
  const t = { ...turns[index] };
  switch (event.name) {
    case 'turn:queued':
      // After `turn:started`: handed back to the queue (its worker stopped before it showed anything); it
      // starts again from the beginning.
      if (t.status === 'running') Object.assign(t, { status: 'queued', stage: undefined, response: '', staged: [] });
      t.position = event.payload.position;
      break;
    case 'turn:started':
      t.status = 'running';
      t.position = undefined;
      break;
    case 'turn:stage':
      t.stage = event.payload.stage;
      break;
    case 'chat:delta':
      t.response += event.payload.text;
      break;
    case 'file:staged':
      t.staged = [...t.staged.filter((c) => c.path !== event.payload.path), { action: event.payload.action, path: event.payload.path, from: event.payload.from }];
      break;
    case 'turn:completed':
      Object.assign(t, {
        status: 'completed',
        response: event.payload.response,
        changes: event.payload.changes,
        refused: event.payload.refused,
        partial: event.payload.partial ?? event.payload.refused.length > 0,
        warnings: event.payload.warnings ?? [],
        render: event.payload.render,
        usage: event.payload.usage,
        version: event.payload.version,
      });
      break;
    case 'turn:failed':
      Object.assign(t, { status: 'failed', error: event.payload.error, usage: event.payload.usage });
      break;
    case 'turn:cancelled':
      t.status = 'cancelled';
      break;
    default:
      return turns;
  }
  return turns.map((x, i) => (i === index ? t : x));
}

/** A turn the socket announced that the page did not start (another tab, or a reload mid-turn) joins the chat. */
export function ensureTurn(turns: ChatTurn[], turnId: string, message = ''): ChatTurn[] {
  if (turns.some((t) => t.turnId === turnId)) return turns;
  return [...turns, { turnId, message, status: 'queued', response: '', staged: [], changes: [], refused: [], partial: false, warnings: [] }];
}
