import { type BudgetExceededDetails, StudioError, type UsageBilledTo, type UsagePurpose } from '@studio/contracts';
import type { EndedCall, Reservation } from '@studio/data';
import type { PriceTable, Usage } from '@studio/llm';
import { NotOurs } from './turn-run.js';

/** A model's price in micro-dollars per token (which is USD per million tokens). */
export interface TokenPrice {
  input: number;
  output: number;
}

/** How many characters of streamed text make a token, for the running cost of a stream not finished yet. */
export const CHARS_PER_TOKEN = 4;

const usd = (micro: number) => Math.round(micro) / 1e6;

/** The model's price from the router's price table (null: the model has none, its calls cost 0). */
export function priceOf(prices: Pick<PriceTable, 'cost'>, model: string): TokenPrice | null {
  const input = prices.cost(model, { inputTokens: 1e6, cachedInputTokens: 0, outputTokens: 0 });
  const output = prices.cost(model, { inputTokens: 0, cachedInputTokens: 0, outputTokens: 1e6 });
  return input === null || output === null ? null : { input, output };
}

/**
 * The price a turn is estimated and capped at: the dearest input and output prices among the models its
 * routes may fall back to (a fallback to a pricier model must not find the estimate and the cap too low).
 * Null when none of them has a price.
 */
export function dearestPriceOf(prices: Pick<PriceTable, 'cost'>, models: readonly string[]): TokenPrice | null {
  let dearest: TokenPrice | null = null;
  for (const model of models) {
    const price = priceOf(prices, model);
    if (price) dearest = dearest ? { input: Math.max(dearest.input, price.input), output: Math.max(dearest.output, price.output) } : price;
  }
  return dearest;
}

/**
 * The most a call can cost: everything it sends at the input price (no cache discount assumed) and the most it
 * may write at the output price. Micro-dollars, rounded up.
 */
export function callEstimateMicroUsd(price: TokenPrice | null, inputTokens: number, maxOutputTokens: number): number {
  if (!price) return 0;
  return Math.ceil(inputTokens * price.input + maxOutputTokens * price.output);
}

/** What a turn's ledger needs of the world: persisting an ended call, holding budget, telling the key it worked. */
export interface LedgerPorts {
  /**
   * Persists the call on the turn (fenced by its lease) and gives back `releaseMicroUsd` of what was held for
   * it (its estimate less its cost) in the same statement; false when another worker took the turn.
   */
  record(call: EndedCall, releaseMicroUsd: number): Promise<boolean>;
  /** Holds the estimate of the person's monthly budget (operator-billed calls only). */
  reserve(estimateMicroUsd: number): Promise<Reservation>;
  /** A call through the person's own key worked. */
  worked(): void;
}

/** A call as the router reports its end. */
export interface EndedCallEvent {
  provider: string;
  model: string;
  usage: Usage;
  costUsd: number | null;
}

/**
 * The money side of one turn (docs/ARCHITECTURE.md "Usage ledger and budgets"): before each model call its
 * estimate is reserved (operator-billed calls), each call is persisted on the turn as it ends, and while a
 * reply streams its running cost is checked against the per-turn cap. Arithmetic only per delta: the
 * database is touched once before and once after each call.
 */
export class TurnLedger {
  private spentMicroUsd = 0;
  private callInputMicroUsd = 0;
  private callInputTokens = 0;
  private streamedChars = 0;
  /** What the call running now holds of the budget, given back down to its cost when it ends. */
  private heldMicroUsd = 0;
  /** The person has no budget: nothing to hold for the rest of the turn (no round trip before each call). */
  private unbudgeted = false;

  constructor(
    readonly billedTo: UsageBilledTo,
    private readonly price: TokenPrice | null,
    private readonly capMicroUsd: number | null,
    private readonly ports: LedgerPorts,
  ) {}

  /** Before a call that sends about `inputTokens`: the cap, then the reservation. Throws when the turn must stop. */
  async beforeCall(inputTokens: number, maxOutputTokens: number): Promise<void> {
    this.callInputMicroUsd = this.price ? inputTokens * this.price.input : 0;
    this.callInputTokens = inputTokens;
    this.streamedChars = 0;
    this.heldMicroUsd = 0;
    this.checkCap();
    if (this.billedTo !== 'operator' || this.unbudgeted) return;
    const estimate = callEstimateMicroUsd(this.price, inputTokens, maxOutputTokens);
    if (estimate <= 0) return;
    const held = await this.ports.reserve(estimate);
    if (held.kind === 'lost') throw new NotOurs();
    if (held.kind === 'unbudgeted') {
      this.unbudgeted = true;
      return;
    }
    if (held.kind === 'held') this.heldMicroUsd = held.heldMicroUsd;
    if (held.kind === 'refused') {
      const details: BudgetExceededDetails = { estimateUsd: usd(estimate), remainingUsd: usd(held.remainingMicroUsd), monthlyUsd: usd(held.monthlyMicroUsd), periodEnd: held.periodEnd };
      throw new StudioError(
        'BUDGET_EXCEEDED',
        `This turn would cost up to $${details.estimateUsd} and $${details.remainingUsd} of your $${details.monthlyUsd} monthly budget is left; it renews on ${held.periodEnd}. Nothing was spent.`,
        { ...details },
      );
    }
  }

  /** Text streamed: throws TURN_COST_CAP_REACHED once the turn's running cost passes the cap. */
  onDelta(chars: number): void {
    this.streamedChars += chars;
    this.checkCap();
  }

  /** A call ended with the provider's figures: persisted on the turn before anything else happens. */
  async callEnded(e: EndedCallEvent, purpose: UsagePurpose): Promise<void> {
    const costMicroUsd = Math.round((e.costUsd ?? 0) * 1e6);
    this.spentMicroUsd += costMicroUsd;
    this.callInputMicroUsd = 0;
    this.streamedChars = 0;
    const call: EndedCall = {
      purpose,
      provider: e.provider,
      model: e.model,
      inputTokens: e.usage.inputTokens,
      cachedInputTokens: e.usage.cachedInputTokens ?? 0,
      outputTokens: e.usage.outputTokens,
      costMicroUsd,
      billedTo: this.billedTo,
    };
    if (!(await this.ports.record(call, this.release(costMicroUsd)))) throw new NotOurs();
    if (this.billedTo === 'own_key') this.ports.worked();
  }

  /**
   * The call streaming now was stopped (the cap, or its connection cut after text streamed): the provider
   * never reports its usage, so it is persisted from the estimate (the input sent, the output streamed at CHARS_PER_TOKEN), rounded up.
   */
  async callStopped(route: { provider: string; model: string }, purpose: UsagePurpose): Promise<void> {
    const outputTokens = Math.ceil(this.streamedChars / CHARS_PER_TOKEN);
    const costMicroUsd = Math.ceil(this.runningMicroUsd() - this.spentMicroUsd);
    this.spentMicroUsd += costMicroUsd;
    this.callInputMicroUsd = 0;
    this.streamedChars = 0;
    const call: EndedCall = { purpose, ...route, inputTokens: this.callInputTokens, cachedInputTokens: 0, outputTokens, costMicroUsd, billedTo: this.billedTo };
    if (!(await this.ports.record(call, this.release(costMicroUsd)))) throw new NotOurs();
  }

  /** What the ended call held beyond its cost (the cost itself stays held until the turn settles it as spent). */
  private release(costMicroUsd: number): number {
    const release = Math.max(0, this.heldMicroUsd - costMicroUsd);
    this.heldMicroUsd = 0;
    return release;
  }

  /** What the turn has cost so far, with the call streaming now (micro-dollars). */
  runningMicroUsd(): number {
    const streamed = this.price ? Math.ceil(this.streamedChars / CHARS_PER_TOKEN) * this.price.output : 0;
    return this.spentMicroUsd + this.callInputMicroUsd + streamed;
  }

  private checkCap(): void {
    if (this.capMicroUsd === null) return;
    const running = this.runningMicroUsd();
    if (running <= this.capMicroUsd) return;
    throw new StudioError('TURN_COST_CAP_REACHED', `This turn reached the most one turn may cost ($${usd(this.capMicroUsd)}); it was stopped and nothing was applied.`, {
      capUsd: usd(this.capMicroUsd),
      costUsd: usd(running),
    });
  }
}
