import { refusalOf, turnErrorHelp } from './turn-error';

describe('a refused turn in the chat', () => {
  it('says what is left of the budget and links to the usage page', () => {
    const help = turnErrorHelp({
      code: 'BUDGET_EXCEEDED',
      message: 'This turn would pass your monthly budget.',
      details: { estimateUsd: 0.4, remainingUsd: 0.12, monthlyUsd: 5, periodEnd: '2026-04-01' },
    });
    expect(help.message).toBe('This turn would pass your monthly budget.');
    expect(help.facts).toBe('Left this month: $0.12 of $5.00 · this turn: about $0.40 · renews on 2026-04-01');
    expect(help.link?.href).toBe('#/usage');
  });

  it('ignores details that are not what the contract says', () => {
    const help = turnErrorHelp({ code: 'BUDGET_EXCEEDED', message: 'Over budget.', details: { remainingUsd: 'lots', periodEnd: '<script>' } });
    expect(help).toEqual({ message: 'Over budget.', link: { href: '#/usage', label: 'See your usage' } });
  });

  it('sends a failed own key to the keys page, a cost cap to usage, anything else nowhere', () => {
    expect(turnErrorHelp({ code: 'PROVIDER_KEY_FAILED', message: 'Your OpenAI key was refused.' }).link?.href).toBe('#/settings');
    expect(turnErrorHelp({ code: 'TURN_COST_CAP_REACHED', message: 'The turn reached its cost cap.' }).link?.href).toBe('#/usage');
    expect(turnErrorHelp({ code: 'RENDER_FAILED', message: 'The page broke.' })).toEqual({ message: 'The page broke.' });
  });

  it('reads the code and details an ack rejected with', () => {
    const err = Object.assign(new Error('Over budget.'), { code: 'BUDGET_EXCEEDED', details: { remainingUsd: 0 } });
    expect(refusalOf(err)).toEqual({ code: 'BUDGET_EXCEEDED', message: 'Over budget.', details: { remainingUsd: 0 } });
    expect(refusalOf(new Error('offline'))).toEqual({ code: 'ERROR', message: 'offline', details: undefined });
    expect(refusalOf('odd')).toEqual({ code: 'ERROR', message: 'odd' });
  });
});
