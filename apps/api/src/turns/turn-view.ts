import type { ChatMessageView, Turn } from '@studio/contracts';
import type { ChatMessageEntity, TurnEntity } from '@studio/data';
import { attachmentView } from './message-attachments.js';

/** A turn row as docs/API.md's `Turn`. */
export function toTurnView(t: TurnEntity): Turn {
  return {
    id: t.id,
    projectId: t.projectId,
    status: t.status,
    message: t.message,
    response: t.response,
    baseVersion: t.baseVersion,
    ...(t.version !== null ? { version: t.version } : {}),
    changes: t.changes,
    refused: t.refused,
    partial: t.partial,
    warnings: t.warnings,
    ...(t.render ? { render: t.render } : {}),
    ...(t.error ? { error: t.error } : {}),
    ...(t.usage ? { usage: t.usage } : {}),
    createdAt: t.createdAt.toISOString(),
    ...(t.startedAt ? { startedAt: t.startedAt.toISOString() } : {}),
    ...(t.finishedAt ? { finishedAt: t.finishedAt.toISOString() } : {}),
  };
}

export const toMessageView = (m: ChatMessageEntity): ChatMessageView => ({
  id: m.id,
  role: m.role,
  content: m.content,
  turnId: m.turnId,
  createdAt: m.createdAt.toISOString(),
  ...(m.attachments?.length ? { attachments: m.attachments.map((a) => attachmentView(m.projectId, a)) } : {}),
  ...(m.meta ? { partial: m.meta.partial, refused: m.meta.refused, warnings: m.meta.warnings } : {}),
});
