import { Inject, Injectable } from '@nestjs/common';
import type { UsageBilledTo } from '@studio/contracts';
import type { LlmRouter } from '@studio/llm';
import { LLM_ROUTERS } from './turn-deps.js';

/** The model routers one person's turn uses, and who pays for its calls. */
export interface TurnModels {
  chat: LlmRouter;
  summary: LlmRouter;
  /** `own_key`: every call goes through the person's own key and never counts against the operator's budget. */
  billedTo: UsageBilledTo;
  /** The person's key these routers use (provider_keys.id), when billedTo is `own_key`. */
  keyId?: string;
}

/**
 * Which models a person's turn may call (bring your own key, docs/API.md "Your own model keys"): the person's
 * own keys when they have any, else the operator's LLM_ROUTE. STUB (issue 21): always the operator's.
 */
@Injectable()
export class ModelAccess {
  constructor(@Inject(LLM_ROUTERS) private readonly operator: { chat: LlmRouter; summary: LlmRouter }) {}

  async forTurn(_userId: string, _requestedModel: string | null): Promise<TurnModels> {
    return { chat: this.operator.chat, summary: this.operator.summary, billedTo: 'operator' };
  }

  /** The person's key was refused by its provider: remember the reason (masked) for its owner to see. */
  async keyFailed(_keyId: string, _reason: string): Promise<void> {}

  /** A call through the person's key worked: its last error is cleared and its last use noted. */
  async keyWorked(_keyId: string): Promise<void> {}
}
