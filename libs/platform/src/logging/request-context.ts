import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id of the work in progress: an HTTP request (the X-Request-Id middleware), a socket message, or
 * a job started by either. Read where work crosses a process boundary (a job's data) so the id follows it.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `work` with `requestId` as the current request id (nested calls see the innermost). */
export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

/** The current request id, or undefined outside any request, message or traced job. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** `data` with the current request id added when it has none (and there is one): what a job carries. */
export function withRequestId<T extends { requestId?: string }>(data: T): T {
  const requestId = data.requestId ?? currentRequestId();
  return requestId && requestId !== data.requestId ? { ...data, requestId } : data;
}
