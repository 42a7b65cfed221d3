import { containsPattern } from './like-pattern.js';

/** What Postgres' LIKE does with the default escape `\`, for checking the pattern without a database. */
function likeMatches(pattern: string, value: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') re += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i').test(value);
}

describe('containsPattern', () => {
  it('matches the text anywhere in the value', () => {
    expect(containsPattern('ann')).toBe('%ann%');
    expect(likeMatches(containsPattern('ann'), 'joANNa@example.test')).toBe(true);
    expect(likeMatches(containsPattern('ann'), 'bob@example.test')).toBe(false);
  });

  it('takes % and _ literally', () => {
    expect(containsPattern('a_b%c')).toBe('%a\\_b\\%c%');
    expect(likeMatches(containsPattern('a_b'), 'a_b@example.test')).toBe(true);
    expect(likeMatches(containsPattern('a_b'), 'axb@example.test')).toBe(false);
    expect(likeMatches(containsPattern('%'), 'anyone@example.test')).toBe(false);
    expect(likeMatches(containsPattern('100%'), 'x100%y')).toBe(true);
  });

  it('escapes the escape character, so a trailing backslash cannot swallow the closing %', () => {
    expect(containsPattern('a\\')).toBe('%a\\\\%');
    expect(likeMatches(containsPattern('a\\'), 'xa\\y')).toBe(true);
    expect(likeMatches(containsPattern('a\\'), 'xay')).toBe(false);
  });
});
