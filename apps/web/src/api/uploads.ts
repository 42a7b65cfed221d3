import type { ErrorCode, UploadPurpose, UploadTicket, UploadView } from '@studio/contracts';
import { ApiError, api } from './client';
import { mediaTypeOf, outcomeOf, pollDelay, preCheck, settableHeaders } from './upload-checks';

/** Codes only the browser gives: the object store refused the bytes, the network dropped, the person cancelled, or no answer came. */
export type ClientUploadCode = 'UPLOAD_SEND_FAILED' | 'UPLOAD_CANCELLED' | 'UPLOAD_NO_ANSWER';

/** An upload that did not make it, with the API's stable code (or the browser's own) and a message for people. */
export class UploadError extends Error {
  constructor(
    readonly code: ErrorCode | ClientUploadCode | `HTTP_${number}`,
    message: string,
  ) {
    super(message);
  }
}

export interface UploadOptions {
  purpose: UploadPurpose;
  alt?: string;
  /** An asset path this upload replaces (same path, new bytes). */
  replaces?: string;
  /** Fraction of the bytes sent, 0 to 1. */
  onProgress?: (sent: number) => void;
  /** Called once the bytes are in and the worker is checking them. */
  onProcessing?: () => void;
  signal?: AbortSignal;
}

// Uploads waiting for the worker, woken by the project's `upload:processed` event (the page's socket calls
// uploadProcessed); a poll is the backstop for an event missed while the socket reconnected.
const waiting = new Map<string, () => void>();

/** The worker finished this upload (the socket's `upload:processed`): its waiter asks the API now. */
export function uploadProcessed(uploadId: string): void {
  waiting.get(uploadId)?.();
}

/** The longest the page waits for the worker before saying so (the upload may still finish; the list shows it then). */
const WAIT_MS = 180_000;

/**
 * Sends one file: a ticket from the API, the bytes straight to the object store (XMLHttpRequest, for upload
 * progress), the completion, then the worker's verdict. Resolves with the finished UploadView; rejects with
 * an UploadError carrying the refusal's code and message.
 */
export async function uploadFile(projectId: string, file: File, options: UploadOptions): Promise<UploadView> {
  const early = preCheck(file, options.purpose);
  if (early) throw new UploadError(early.code, early.message);
  const contentType = mediaTypeOf(file)!;
  const base = `/api/projects/${projectId}/uploads`;
  const ticket = await api<UploadTicket>('POST', base, {
    fileName: file.name,
    contentType,
    size: file.size,
    purpose: options.purpose,
    ...(options.alt ? { alt: options.alt } : {}),
    ...(options.replaces ? { replaces: options.replaces } : {}),
  }).catch(asUploadError);
  await putWithRetries(ticket, file, options);
  options.onProgress?.(1);
  const completed = await api<UploadView>('POST', `${base}/${ticket.uploadId}/complete`).catch(asUploadError);
  options.onProcessing?.();
  return settle(`${base}/${ticket.uploadId}`, completed, options.signal);
}

function asUploadError(err: unknown): never {
  if (err instanceof UploadError) throw err;
  if (err instanceof ApiError) throw new UploadError(err.code, err.message);
  throw new UploadError('UPLOAD_SEND_FAILED', err instanceof Error ? err.message : String(err));
}

/** A PUT cut by the network (no answer at all) is made again: the presigned URL stays valid until the ticket expires. */
const PUT_ATTEMPTS = 3;
async function putWithRetries(ticket: UploadTicket, file: File, options: UploadOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await put(ticket, file, options);
    } catch (err) {
      if (!(err instanceof NetworkCut) || attempt >= PUT_ATTEMPTS) throw err instanceof NetworkCut ? err.error : err;
      options.onProgress?.(0);
    }
  }
}

/** The connection dropped before any answer (a network change, a proxy reset): worth one more try. */
class NetworkCut extends Error {
  constructor(readonly error: UploadError) {
    super(error.message);
  }
}

/** PUTs the bytes with exactly the ticket's headers; fetch() cannot report upload progress, XMLHttpRequest can. */
function put(ticket: UploadTicket, file: File, { onProgress, signal }: UploadOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UploadError('UPLOAD_CANCELLED', 'Cancelled.'));
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.method, ticket.url);
    for (const [name, value] of settableHeaders(ticket.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(Math.min(e.loaded / e.total, 0.99));
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new UploadError('UPLOAD_SEND_FAILED', `The storage refused ${file.name} (${xhr.status}); try again.`)));
    xhr.onerror = () => reject(new NetworkCut(new UploadError('UPLOAD_SEND_FAILED', `${file.name} could not be sent; check the connection and try again.`)));
    xhr.onabort = () => reject(new UploadError('UPLOAD_CANCELLED', 'Cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** Waits for the worker's verdict: woken by the event, or after a growing delay, it reads the upload again. */
async function settle(url: string, first: UploadView, signal?: AbortSignal): Promise<UploadView> {
  const deadline = Date.now() + WAIT_MS;
  let view = first;
  for (let attempt = 0; ; attempt++) {
    const outcome = outcomeOf(view);
    if (outcome.state === 'done') return outcome.view;
    if (outcome.state === 'failed') throw new UploadError(outcome.code, outcome.message);
    if (signal?.aborted) throw new UploadError('UPLOAD_CANCELLED', 'Cancelled.');
    if (Date.now() > deadline) throw new UploadError('UPLOAD_NO_ANSWER', `${view.fileName} is still being checked; it will show up here when it is done.`);
    await new Promise<void>((wake) => {
      const timer = setTimeout(wake, pollDelay(attempt));
      waiting.set(view.id, () => {
        clearTimeout(timer);
        wake();
      });
    });
    waiting.delete(view.id);
    view = await api<UploadView>('GET', url).catch(asUploadError);
  }
}
