import type { EditableAttribute, FromPreviewMessage, PAGE_EDIT_CHANNEL, PickedElement, SourceLocation, ToPreviewMessage } from '@studio/contracts';

/**
 * The client's side of the preview's edit bridge (libs/contracts/src/page-edits.ts, docker/preview/agent/page-bridge.mjs).
 * The web client imports only types from @studio/contracts: the channel's value is checked against its type.
 */
export const CHANNEL: typeof PAGE_EDIT_CHANNEL = 'studio:page-edit';

const ATTRIBUTES: readonly EditableAttribute[] = ['src', 'alt', 'href'];
// As the API's limits (pageEditBodySchema): anything longer is not a message of the bridge's.
const MAX_TEXT = 5000;
const MAX_OWNERS = 32;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_TEXT;
const isPosition = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1;

function location(value: unknown): SourceLocation | null {
  if (!isRecord(value)) return null;
  const { path, line, column } = value;
  return typeof path === 'string' && path.length > 0 && path.length <= 300 && isPosition(line) && isPosition(column) ? { path, line, column } : null;
}

function element(value: unknown): PickedElement | null {
  if (!isRecord(value)) return null;
  const at = location(value.location);
  if (!at || typeof value.tag !== 'string' || !(value.text === null || isText(value.text)) || !Array.isArray(value.owners) || !isRecord(value.attributes)) return null;
  const owners = value.owners.slice(0, MAX_OWNERS).map(location);
  if (owners.some((o) => o === null)) return null;
  const attributes: PickedElement['attributes'] = {};
  for (const name of ATTRIBUTES) {
    const given = value.attributes[name];
    if (isText(given)) attributes[name] = given;
  }
  return { location: at, owners: owners.filter((o) => o !== null), tag: value.tag.toLowerCase().slice(0, 40), text: value.text, attributes };
}

/**
 * A message from the preview's bridge, or null for anything else. The caller has checked where it came from
 * (the frame's window, the preview's origin); this checks what it says, field by field: the page runs the
 * project's code, which can post anything.
 */
export function readPreviewMessage(data: unknown): FromPreviewMessage | null {
  if (!isRecord(data) || data.channel !== CHANNEL) return null;
  if (data.type === 'ready') return { channel: CHANNEL, type: 'ready' };
  if (data.type === 'picked') {
    const picked = element(data.element);
    return picked ? { channel: CHANNEL, type: 'picked', element: picked } : null;
  }
  if (data.type === 'text-edited') {
    const edited = element(data.element);
    const { id, before, after } = data;
    if (!edited || typeof id !== 'string' || id.length > 100 || !isText(before) || !isText(after)) return null;
    return { channel: CHANNEL, type: 'text-edited', id, element: edited, before, after };
  }
  return null;
}

/** Whether a message event is the preview frame's own: from its window, with its origin (both, always). */
export const isFromFrame = (event: { source: object | null; origin: string }, frame: object | null | undefined, previewOrigin: string | null): boolean =>
  !!frame && previewOrigin !== null && event.source === frame && event.origin === previewOrigin;

/** The origin of the preview's address (the iframe's, always absolute: its own origin), or null when there is none. */
export function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Posts to the preview frame with its exact origin as the target (never `*`). */
export function postToPreview(frame: Window | null | undefined, previewOrigin: string | null, message: ToPreviewMessage): void {
  if (frame && previewOrigin) frame.postMessage(message, previewOrigin);
}
