import { formatUsd } from './format';

/** The parts of a refused turn this needs (an ErrorBody from an ack or `turn:failed`), kept structural so it stays pure. */
export interface TurnRefusal {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** What the chat says about a refused turn beyond the API's message, and where the person can act on it. */
export interface TurnErrorHelp {
  message: string;
  /** The budget's figures, on a line of their own (the API's message may say some of them in words). */
  facts?: string;
  link?: { href: string; label: string };
}

/** A refusal from what a failed call threw (the socket's ack rejects with an Error carrying the ErrorBody's fields). */
export function refusalOf(err: unknown): TurnRefusal {
  if (!(err instanceof Error)) return { code: 'ERROR', message: String(err) };
  const code = 'code' in err && typeof err.code === 'string' ? err.code : 'ERROR';
  const details = 'details' in err && typeof err.details === 'object' && err.details !== null && !Array.isArray(err.details) ? { ...err.details } : undefined;
  return { code, message: err.message, details };
}

const usd = (v: unknown): string | null => (typeof v === 'number' && Number.isFinite(v) ? formatUsd(v) : null);
const day = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);

/**
 * A budget refusal names what is left and when the month turns (BudgetExceededDetails); a failed own key
 * points at the keys page. Any other refusal is the API's message alone.
 */
export function turnErrorHelp(err: TurnRefusal): TurnErrorHelp {
  const d = err.details ?? {};
  if (err.code === 'BUDGET_EXCEEDED') {
    const left = usd(d.remainingUsd);
    const monthly = usd(d.monthlyUsd);
    const estimate = usd(d.estimateUsd);
    const end = day(d.periodEnd);
    const facts = [left && `Left this month: ${left}${monthly ? ` of ${monthly}` : ''}`, estimate && `this turn: about ${estimate}`, end && `renews on ${end}`].filter(Boolean).join(' · ');
    return { message: err.message, ...(facts ? { facts } : {}), link: { href: '#/usage', label: 'See your usage' } };
  }
  if (err.code === 'TURN_COST_CAP_REACHED') return { message: `${err.message} Nothing of this turn was saved; ask for a smaller change.`, link: { href: '#/usage', label: 'See your usage' } };
  if (err.code === 'PROVIDER_KEY_FAILED') return { message: err.message, link: { href: '#/settings', label: 'Check your model keys' } };
  return { message: err.message };
}
