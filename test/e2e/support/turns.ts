import { randomUUID } from 'node:crypto';
import { PROJECT_EVENT_NAMES } from '@studio/contracts';
import type { Socket } from 'socket.io-client';
import type { Scenario } from '../../../tools/model-server/src/scenario.js';
import { emitWithAck, type Json } from './api.js';

export type { Scenario };

/** The scripted model server the test stack started (tools/model-server). */
export const MODEL_SERVER_URL = (() => {
  const url = process.env.MODEL_SERVER_URL;
  if (!url) throw new Error('MODEL_SERVER_URL is not set: run the end-to-end tests through `./studio test`.');
  return url;
})();

/** Registers a scripted reply; returns the marker a message must carry to get it. */
export async function script(scenario: Scenario): Promise<{ id: string; marker: string }> {
  const id = `s-${randomUUID().slice(0, 8)}`;
  const res = await fetch(`${MODEL_SERVER_URL}/_scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, scenario }) });
  if (res.status !== 201) throw new Error(`registering a scenario failed: ${res.status} ${await res.text()}`);
  return { id, marker: `[[scenario:${id}]]` };
}

/** What the scripted model received for a scenario (both protocols), in order. */
export async function requestsOf(
  id: string,
): Promise<{ protocol: string; model: string; body: Json; receivedAt: number; lastByteAt?: number; usage?: { input: number; cached: number; created: number } }[]> {
  return (await (await fetch(`${MODEL_SERVER_URL}/_scenarios/${id}/requests`)).json()) as never;
}

export interface Received {
  name: string;
  payload: Json;
  at: number;
}

/** Every project event a socket receives, in arrival order, with waits on them. */
export class EventLog {
  readonly events: Received[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly socket: Socket) {
    for (const name of PROJECT_EVENT_NAMES) {
      socket.on(name, (payload: unknown) => {
        this.events.push({ name, payload, at: performance.timeOrigin + performance.now() });
        for (const w of this.waiters.splice(0)) w();
      });
    }
  }

  of(turnId: string): Received[] {
    return this.events.filter((e) => e.payload?.turnId === turnId);
  }

  /** Waits for an event matching `pred` (already received, or later). */
  async waitFor(pred: (e: Received) => boolean, timeoutMs = 20_000, what = 'an event'): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(pred);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${this.events.map((e) => e.name).join(', ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * Waits for the turn's outcome event. A turn whose preview runs ends with a render check in Chromium,
   * which on a loaded two-core CI machine has taken over 30 s (stop 27's CI); the wait is for the outcome,
   * not a timing, so it is generous.
   */
  outcome(turnId: string, timeoutMs = 75_000): Promise<Received> {
    return this.waitFor((e) => e.payload?.turnId === turnId && ['turn:completed', 'turn:failed', 'turn:cancelled'].includes(e.name), timeoutMs, `the outcome of turn ${turnId}`);
  }
}

/** Joins the project and sends a message; resolves with the turn id (or throws the error ack). */
export async function send(socket: Socket, projectId: string, message: string, model?: string): Promise<string> {
  const ack = await emitWithAck(socket, 'chat:send', { projectId, message, ...(model ? { model } : {}) });
  if (!ack.ok) throw new Error(`chat:send refused: ${JSON.stringify(ack.error)}`);
  return ack.turnId;
}

/** A reply in the output format: a response and whole-file code blocks. */
export function reply(response: string, files: Record<string, string> = {}, extra = ''): string {
  const blocks = Object.entries(files).map(([path, content]) => `<code path="${path}">\n${content}\n</code>`);
  return `<response>\n${response}\n</response>\n\n${blocks.join('\n\n')}${extra ? `\n\n${extra}` : ''}\n`;
}

/**
 * The props the default (landing) template's page passes to its Hero: a rewrite of the Hero that a model writes
 * keeps them (the page's text lives in App.tsx), or the type-check refuses it as props that do not match.
 */
export const LANDING_HERO_PROPS =
  '{ id?: string; eyebrow?: string; title?: string; subtitle?: string; primaryAction?: { label: string; href: string }; secondaryAction?: { label: string; href: string }; note?: string }';
