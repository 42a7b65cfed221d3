import { Worker } from 'node:worker_threads';
import { StudioError } from '@studio/contracts';

/**
 * SVG is a document that can run script and fetch from anywhere when opened on its own, so it is parsed as
 * strict XML, sanitised by DOMPurify (svg + svgFilters profiles) on a jsdom window and stripped of everything
 * that reaches outside the document: links other than `#fragment` and inline raster `data:` images, `url(...)`
 * to anything but a fragment, `@import`, `<foreignObject>`, script and handlers. What is left is serialised
 * back as UTF-8 XML.
 *
 * The DOM work runs in one long-lived worker thread (svg-sanitizer.worker.mjs): parsing an untrusted document
 * must not block the worker's event loop (BullMQ renews its job locks there) or grow its heap without bound, so
 * the thread has its own heap limit and every document a time limit. It also keeps jsdom's types (the browser
 * `lib.dom`) out of the repository's one type check, and jsdom, which requires ES modules from CommonJS, out of
 * jest's module loader, which cannot.
 */

const SANITIZE_TIMEOUT_MS = 10_000;
const WORKER_HEAP_MB = 256;

export interface CleanSvg {
  bytes: Buffer;
  width?: number;
  height?: number;
}

const unreadable = (why: string) => new StudioError('ASSET_UNREADABLE', `The SVG cannot be read: ${why}.`);

type Answer = { id: number; ok: true; svg: string; width?: number; height?: number } | { id: number; ok: false; reason: string };

interface Pending {
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
}

/** One worker thread and the documents in flight on it, matched to their answers by id. */
class SanitizerThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  run(text: string): Promise<Answer> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A document that takes this long is refused, and the thread that chewed on it is replaced.
        this.pending.get(id)?.reject(unreadable(`it took longer than ${SANITIZE_TIMEOUT_MS / 1000} s to parse`));
        this.pending.delete(id);
        this.stop(worker, 'another document took too long', false);
      }, SANITIZE_TIMEOUT_MS);
      const settle = () => {
        clearTimeout(timer);
        this.pending.delete(id);
      };
      this.pending.set(id, {
        resolve: (answer) => {
          settle();
          resolve(answer);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      worker.postMessage({ id, text });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./svg-sanitizer.worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.on('message', (answer: Answer) => this.pending.get(answer.id)?.resolve(answer));
    worker.on('error', (error) => this.stop(worker, error.message.slice(0, 200)));
    worker.on('exit', () => this.stop(worker, 'it stopped'));
    // The thread must not keep a process (or a test run) alive on its own; after the listeners, which ref it.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /**
   * Drops a thread that failed (out of memory, crashed, or timed out on a document) and fails what was in flight
   * on it. With one document in flight (and none timed out), that document did it: refused with a code. Otherwise
   * no one can say which, so each gets a plain error and its job is retried on a fresh thread.
   */
  private stop(worker: Worker, why: string, culpritInFlight = true): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const inFlight = [...this.pending.values()];
    this.pending.clear();
    for (const waiting of inFlight) {
      waiting.reject(culpritInFlight && inFlight.length === 1 ? unreadable(`its sanitiser failed on it (${why})`) : new Error(`The SVG sanitiser thread was replaced (${why}); try again.`));
    }
    void worker.terminate();
  }
}

const thread = new SanitizerThread();

export async function sanitizeSvg(bytes: Buffer): Promise<CleanSvg> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unreadable('it is not UTF-8 text');
  }
  // Entities are how an XML document multiplies itself ("billion laughs"); an SVG has no use for them.
  if (/<!ENTITY/i.test(text)) throw unreadable('it declares entities');
  const answer = await thread.run(text);
  if (!answer.ok) throw unreadable(answer.reason);
  return { bytes: Buffer.from(answer.svg, 'utf8'), width: answer.width, height: answer.height };
}
