import { jest } from '@jest/globals';
import type { UploadTicket, UploadView } from '@studio/contracts';
import { UploadError, uploadFile, uploadProcessed } from './uploads';

/**
 * The upload's whole round in the browser against a scripted API (fetch) and object store (XMLHttpRequest).
 * Timers are fake and never advanced: an upload that settles was woken by `upload:processed`, not by its poll.
 */
const BASE = '/api/projects/p1/uploads';
const ticket: UploadTicket = {
  uploadId: 'u1',
  url: 'http://s3.test/bucket/uploads/u1',
  method: 'PUT',
  headers: { 'content-type': 'image/png', 'content-length': '4' },
  expiresAt: '2026-12-01T00:15:00Z',
};
const view = (over: Partial<UploadView>): UploadView => ({
  id: 'u1',
  projectId: 'p1',
  purpose: 'asset',
  fileName: 'logo.png',
  contentType: 'image/png',
  size: 4,
  status: 'processing',
  createdAt: '2026-12-01T00:00:00Z',
  ...over,
});
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let calls: string[];
let answers: Record<string, () => Response>;
let storageStatus: number;
/** PUTs the network cuts before the store answers (onerror), before one goes through. */
let cutPuts: number;
let puts: number;
let sent: { method: string; url: string; headers: Record<string, string>; body: unknown } | null;

/** The object store's side: records the PUT, reports progress, answers with storageStatus. */
class FakeXhr {
  status = 0;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  private request = { method: '', url: '', headers: {} as Record<string, string> };
  open(method: string, url: string) {
    this.request = { method, url, headers: {} };
  }
  setRequestHeader(name: string, value: string) {
    this.request.headers[name] = value;
  }
  abort() {
    this.onabort?.();
  }
  send(body: unknown) {
    sent = { ...this.request, body };
    puts++;
    if (cutPuts-- > 0) {
      void Promise.resolve().then(() => this.onerror?.());
      return;
    }
    void Promise.resolve().then(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 2, total: 4 });
      this.status = storageStatus;
      this.onload?.();
    });
  }
}

beforeEach(() => {
  jest.useFakeTimers();
  calls = [];
  sent = null;
  storageStatus = 200;
  cutPuts = 0;
  puts = 0;
  answers = {
    [`POST ${BASE}`]: () => json(201, ticket),
    [`POST ${BASE}/u1/complete`]: () => json(202, view({})),
    [`GET ${BASE}/u1`]: () => json(200, view({ status: 'done', version: 2 })),
  };
  globalThis.fetch = jest.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const key = `${init?.method ?? 'GET'} ${String(input)}`;
    calls.push(key);
    return answers[key]?.() ?? json(404, { error: { code: 'NOT_FOUND', message: key } });
  });
  Object.assign(globalThis, { XMLHttpRequest: FakeXhr });
});
afterEach(() => jest.useRealTimers());

const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'logo.png', { type: 'image/png' });

describe('an upload from the browser', () => {
  it('gets a ticket, PUTs the bytes with its headers, completes, and settles when the worker says so', async () => {
    const progress: number[] = [];
    const done = await uploadFile('p1', png(), {
      purpose: 'asset',
      alt: 'Our logo',
      onProgress: (p) => progress.push(p),
      // The waiter is in place once the upload is being checked; the event wakes it.
      onProcessing: () => void Promise.resolve().then(() => uploadProcessed('u1')),
    });
    expect(done).toMatchObject({ status: 'done', version: 2 });
    expect(calls).toEqual([`POST ${BASE}`, `POST ${BASE}/u1/complete`, `GET ${BASE}/u1`]);
    const presign = JSON.parse(String(jest.mocked(globalThis.fetch).mock.calls[0][1]?.body));
    expect(presign).toEqual({ fileName: 'logo.png', contentType: 'image/png', size: 4, purpose: 'asset', alt: 'Our logo' });
    // Content-Length is the browser's to set (it is the file's length, which the signature covers).
    expect(sent).toMatchObject({ method: 'PUT', url: ticket.url, headers: { 'content-type': 'image/png' } });
    expect(Object.keys(sent!.headers)).toEqual(['content-type']);
    expect(progress).toEqual([0.5, 1]);
  });

  it('rejects with the code and message of the worker’s refusal', async () => {
    answers[`GET ${BASE}/u1`] = () => json(200, view({ status: 'refused', error: { code: 'ASSET_TYPE_MISMATCH', message: 'logo.png is not a PNG: its bytes are a GIF.' } }));
    const upload = uploadFile('p1', png(), { purpose: 'asset', onProcessing: () => void Promise.resolve().then(() => uploadProcessed('u1')) });
    await expect(upload).rejects.toMatchObject({ code: 'ASSET_TYPE_MISMATCH', message: 'logo.png is not a PNG: its bytes are a GIF.' });
    await expect(upload).rejects.toBeInstanceOf(UploadError);
  });

  it('settles at once when completing already answers the verdict', async () => {
    answers[`POST ${BASE}/u1/complete`] = () => json(202, view({ purpose: 'chat', status: 'done', image: { width: 640, height: 480, contentType: 'image/png' } }));
    await expect(uploadFile('p1', png(), { purpose: 'chat' })).resolves.toMatchObject({ image: { width: 640 } });
    expect(calls).not.toContain(`GET ${BASE}/u1`);
  });

  it('stops at the API’s refusal of the ticket and sends no bytes', async () => {
    answers[`POST ${BASE}`] = () => json(413, { error: { code: 'STORAGE_QUOTA_EXCEEDED', message: 'Your 500 MB of storage is full.' } });
    await expect(uploadFile('p1', png(), { purpose: 'asset' })).rejects.toMatchObject({ code: 'STORAGE_QUOTA_EXCEEDED', message: 'Your 500 MB of storage is full.' });
    expect(sent).toBeNull();
  });

  it('does not complete an upload whose bytes the object store refused', async () => {
    storageStatus = 403;
    await expect(uploadFile('p1', png(), { purpose: 'asset' })).rejects.toMatchObject({ code: 'UPLOAD_SEND_FAILED', message: expect.stringContaining('403') });
    expect(calls).toEqual([`POST ${BASE}`]);
  });

  it('stops sending when the person removes the picture, and completes nothing', async () => {
    const abort = new AbortController();
    const upload = uploadFile('p1', png(), { purpose: 'chat', signal: abort.signal, onProgress: () => abort.abort() });
    await expect(upload).rejects.toMatchObject({ code: 'UPLOAD_CANCELLED' });
    expect(calls).toEqual([`POST ${BASE}`]);
  });

  it('sends the bytes again when the network cut the PUT, and gives up after three tries', async () => {
    cutPuts = 2;
    answers[`POST ${BASE}/u1/complete`] = () => json(202, view({ status: 'done', version: 2 }));
    await expect(uploadFile('p1', png(), { purpose: 'asset' })).resolves.toMatchObject({ version: 2 });
    expect(puts).toBe(3);
    cutPuts = 3;
    puts = 0;
    await expect(uploadFile('p1', png(), { purpose: 'asset' })).rejects.toMatchObject({ code: 'UPLOAD_SEND_FAILED', message: expect.stringContaining('could not be sent') });
    expect(puts).toBe(3);
  });

  it('refuses a file of the wrong kind before calling anyone', async () => {
    const svg = new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' });
    await expect(uploadFile('p1', svg, { purpose: 'chat' })).rejects.toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
    expect(calls).toEqual([]);
  });
});
