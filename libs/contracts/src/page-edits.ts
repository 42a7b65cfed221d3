import { z } from 'zod';
import { text } from './text.js';

/**
 * Edits on the page, without the model (docs/API.md "Edits on the page"). The preview's dev server marks every
 * element a project file renders with where it is written (never in an exported or published build); the
 * preview tells the client, over postMessage, which element the person changed; the client sends a located
 * edit; the API rewrites exactly that text (or attribute) in the source and makes a version.
 */

/** The attribute the preview's dev server puts on each element a project file renders: `path:line:column`. */
export const SOURCE_LOCATION_ATTRIBUTE = 'data-studio-loc';

/**
 * Where an element is written: a project file (relative to the project's root), the 1-based line and the
 * 1-based column (in UTF-16 code units) of the `<` that opens it.
 */
export interface SourceLocation {
  path: string;
  line: number;
  column: number;
}

export const sourceLocationSchema = z.object({
  path: text().min(1).max(300),
  line: z.number().int().min(1).max(1_000_000),
  column: z.number().int().min(1).max(1_000_000),
});

/** `path:line:column` (the attribute's value) → a location; null when it is not one. */
export function parseSourceLocation(value: string): SourceLocation | null {
  const match = /^(.+):(\d+):(\d+)$/.exec(value);
  if (!match) return null;
  const line = Number(match[2]);
  const column = Number(match[3]);
  return line >= 1 && column >= 1 ? { path: match[1], line, column } : null;
}

export const formatSourceLocation = (l: SourceLocation): string => `${l.path}:${l.line}:${l.column}`;

/** The attributes a person can change on the page: an image's source and text, a link's target. */
export const EDITABLE_ATTRIBUTES = ['src', 'alt', 'href'] as const;
export type EditableAttribute = (typeof EDITABLE_ATTRIBUTES)[number];

export const editTargetSchema = z.discriminatedUnion('kind', [
  /** The element's text (it has no child elements). */
  z.object({ kind: z.literal('text') }),
  z.object({ kind: z.literal('attribute'), name: z.enum(EDITABLE_ATTRIBUTES) }),
]);
export type EditTarget = z.infer<typeof editTargetSchema>;

/** The longest text or attribute value an edit on the page writes. */
export const PAGE_EDIT_MAX_CHARS = 5000;

/**
 * `POST /api/projects/:id/edits`: change what the element at `location` shows from `before` to `after`.
 * `owners` are the places the components around the element are rendered from (nearest first): text that an
 * element takes from a prop is found in the literal the nearest owner passes. `baseVersion` is the version
 * the preview showed (compare-and-swap: `409 VERSION_CONFLICT` when the head moved).
 */
export const pageEditBodySchema = z.object({
  baseVersion: z.number().int().min(1),
  location: sourceLocationSchema,
  owners: z.array(sourceLocationSchema).max(32).default([]),
  target: editTargetSchema,
  before: text().max(PAGE_EDIT_MAX_CHARS),
  after: text().max(PAGE_EDIT_MAX_CHARS),
});
export type PageEditBody = z.infer<typeof pageEditBodySchema>;

/** What a located edit answers: the version it made (the head now) and the file it changed. */
export interface PageEditView {
  version: number;
  path: string;
  /** 1-based line of the literal that was rewritten, in `path`. */
  line: number;
}

/**
 * The postMessage protocol between the client and the preview iframe (two origins). Each side checks the
 * other's origin and that the message comes from the frame (or the parent) it expects, and ignores anything
 * else. Every message has `channel: PAGE_EDIT_CHANNEL`.
 */
export const PAGE_EDIT_CHANNEL = 'studio:page-edit';

/** Client → preview. */
export type ToPreviewMessage =
  | { channel: typeof PAGE_EDIT_CHANNEL; type: 'edit-mode'; on: boolean }
  /** The outcome of an edit the preview sent: on a refusal, the preview puts the text back as it was. */
  | { channel: typeof PAGE_EDIT_CHANNEL; type: 'edit-result'; id: string; ok: boolean; message?: string };

/** What the preview says about the element the person picked or changed. */
export interface PickedElement {
  location: SourceLocation;
  owners: SourceLocation[];
  /** Lower-case tag name. */
  tag: string;
  /** The element's text (its textContent) when it has no child elements; null otherwise. */
  text: string | null;
  /** The current values of the editable attributes the element has. */
  attributes: Partial<Record<EditableAttribute, string>>;
}

/** Preview → client. */
export type FromPreviewMessage =
  /** The bridge is loaded and listening: sent once the page knows its parent is the app (the client says `edit-mode` on every load of the frame). */
  | { channel: typeof PAGE_EDIT_CHANNEL; type: 'ready' }
  /** The person picked an image or a link: the client shows a form for its attributes. */
  | { channel: typeof PAGE_EDIT_CHANNEL; type: 'picked'; element: PickedElement }
  /** The person finished editing an element's text in place. */
  | { channel: typeof PAGE_EDIT_CHANNEL; type: 'text-edited'; id: string; element: PickedElement; before: string; after: string };
