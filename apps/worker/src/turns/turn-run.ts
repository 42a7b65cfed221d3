import type { TurnEntity } from '@studio/data';
import { UsageTally } from './reply-stream.js';
import type { TurnReporter } from './turn-reporter.js';

/** A turn that has claimed its base version (every running turn has one). */
export type RunningTurn = TurnEntity & { baseVersion: number };

/** Thrown when the turn was cancelled: it ends as `cancelled`, nothing committed. */
export class Cancelled extends Error {}

/**
 * The abort reason of a turn whose worker is shutting down past its grace: the turn is handed back to the queue
 * (another worker runs it from the start), never ended.
 */
export class ShuttingDown extends Error {
  constructor() {
    super('The worker is shutting down');
  }
}

/** Whether `signal` was aborted because the worker is shutting down (not by the person). */
export const shuttingDown = (signal: AbortSignal): boolean => signal.aborted && signal.reason instanceof ShuttingDown;

/** Thrown inside the commit transaction when another worker took the turn: rolls it back, and this worker stops. */
export class NotOurs extends Error {}

/**
 * The one value every stage of a turn shares: the turn and its lease, what the turn tells the world
 * (`report`), the person's cancel signal, the reply text shown in the chat and the tokens spent so far.
 */
export class TurnRun {
  /** The chat part of the reply (the `<response>` text), as streamed. */
  response = '';
  readonly usage = new UsageTally();
  readonly startedAt = performance.now();

  constructor(
    readonly turn: RunningTurn,
    readonly lease: number,
    readonly report: TurnReporter,
    readonly signal: AbortSignal = new AbortController().signal,
  ) {}
}
