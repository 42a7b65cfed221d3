import { budgetInputProblem } from './budget-input';

describe('a budget typed by an admin', () => {
  it('takes dollars and cents, and empty for the default', () => {
    expect(budgetInputProblem('')).toBeNull();
    expect(budgetInputProblem(' 25 ')).toBeNull();
    expect(budgetInputProblem('7.50')).toBeNull();
    expect(budgetInputProblem('0')).toBeNull();
  });
  it('refuses what the API would', () => {
    expect(budgetInputProblem('-1')).toMatch(/number/);
    expect(budgetInputProblem('1e3')).toMatch(/number/);
    expect(budgetInputProblem('abc')).toMatch(/number/);
    expect(budgetInputProblem('1000001')).toMatch(/1,000,000/);
  });
});
