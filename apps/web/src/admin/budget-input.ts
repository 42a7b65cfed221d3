/** Why a budget typed by an admin cannot be sent (adminBudgetBodySchema: 0 to 1,000,000 USD), or null; empty means the default. */
export function budgetInputProblem(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+(\.\d{1,6})?$/.test(t)) return 'A number of dollars, like 25 or 7.50.';
  return Number(t) > 1_000_000 ? 'At most 1,000,000.' : null;
}
