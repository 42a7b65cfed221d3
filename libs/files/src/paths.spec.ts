import { StudioError } from '@studio/contracts';
import { checkPath } from './paths.js';
import { PATH_CASES } from './testing/path-cases.js';

const codeOf = (path: unknown) => {
  try {
    checkPath(path);
    return 'OK';
  } catch (err) {
    if (!(err instanceof StudioError)) throw err;
    return err.code;
  }
};

describe('checkPath', () => {
  it.each(PATH_CASES)('%j → %s', (path, code) => {
    expect(codeOf(path)).toBe(code);
  });

  it('refuses what is not a string', () => {
    expect(codeOf(undefined)).toBe('PATH_EMPTY');
    expect(codeOf(42)).toBe('PATH_EMPTY');
  });
});
