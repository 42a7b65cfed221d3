import { Counter, Histogram, Registry } from 'prom-client';

/** The worker's turn metrics (served on WORKER_METRICS_PORT): latency by stage, outcomes, refusals by code. */
export class TurnMetrics {
  readonly registry = new Registry();
  readonly stageSeconds = new Histogram({
    name: 'studio_turn_stage_seconds',
    help: 'Time spent in each stage of a chat turn',
    labelNames: ['stage'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly turnSeconds = new Histogram({
    name: 'studio_turn_seconds',
    help: 'Time from a turn starting to its outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: 'studio_turn_refusals_total',
    help: 'Changes the model wrote that validation refused, by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly llmTokens = new Counter({
    name: 'studio_llm_tokens_total',
    help: 'Model tokens used by turns',
    labelNames: ['provider', 'model', 'kind'] as const,
    registers: [this.registry],
  });
}
