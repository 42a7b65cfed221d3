import { appWarnings } from './app-warnings.js';

const line = (app: string, entry: Record<string, unknown>) => `${app} | ${JSON.stringify({ time: Date.UTC(2026, 11, 3, 8, 0, 0, 5), app, pid: 1, ...entry })}`;

describe('appWarnings', () => {
  it("keeps the apps' warnings and errors, newest last, with what they carry", () => {
    const log = [
      'postgres | WARNING: not an app line',
      line('api', { level: 30, context: 'NestFactory', msg: 'Starting' }),
      line('worker', { level: 40, context: 'PreviewManager', msg: 'preview start failed', projectId: 'p1', err: 'TimeoutError' }),
      'worker | {not json',
      line('api', { level: 50, context: 'ExceptionsHandler', msg: 'boom' }),
    ].join('\n');
    expect(appWarnings(log)).toEqual(['08:00:00.005 worker WARN PreviewManager: preview start failed {"projectId":"p1","err":"TimeoutError"}', '08:00:00.005 api ERROR ExceptionsHandler: boom']);
  });

  it('keeps the last ones only, each cut to a width', () => {
    const log = Array.from({ length: 50 }, (_, i) => line('worker', { level: 40, context: 'X', msg: `warning ${i} ${'x'.repeat(500)}` })).join('\n');
    const lines = appWarnings(log, 3, 40);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('warning 47');
    expect(lines.every((l) => l.length === 40)).toBe(true);
  });
});
