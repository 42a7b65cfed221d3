import { ERROR_CODES, PATH_ERROR_CODES, StudioError } from '@studio/contracts';
import { HTTP_STATUS, statusOf } from './error-status.js';

describe('HTTP_STATUS', () => {
  it('has exactly the codes of ERROR_CODES, in their order (a stale or missing code shows here too)', () => {
    expect(Object.keys(HTTP_STATUS)).toEqual([...ERROR_CODES]);
  });

  it('answers every code with a client or server error status', () => {
    for (const code of ERROR_CODES) expect([code, HTTP_STATUS[code] >= 400 && HTTP_STATUS[code] <= 599]).toEqual([code, true]);
  });

  it('answers a broken path rule as a bad request, and the limits as too large', () => {
    for (const code of PATH_ERROR_CODES) expect(statusOf(new StudioError(code, 'bad path'))).toBe(400);
    expect(statusOf(new StudioError('FILE_TOO_LARGE', 'big'))).toBe(413);
    expect(statusOf(new StudioError('PROJECT_TOO_LARGE', 'big'))).toBe(413);
  });

  it('keeps the statuses clients rely on', () => {
    expect(statusOf(new StudioError('UNAUTHORIZED', 'who?'))).toBe(401);
    expect(statusOf(new StudioError('QUOTA_EXCEEDED', 'too many'))).toBe(403);
    expect(statusOf(new StudioError('TEMPLATE_NOT_FOUND', 'no template'))).toBe(400);
    expect(statusOf(new StudioError('VERSION_CONFLICT', 'moved'))).toBe(409);
    expect(statusOf(new StudioError('REQUEST_TIMEOUT', 'slow'))).toBe(408);
    expect(statusOf(new StudioError('PREVIEW_START_FAILED', 'no'))).toBe(502);
    expect(statusOf(new StudioError('DEPENDENCY_DOWN', 'down'))).toBe(503);
  });
});
