import { frameIsStale, isServing } from './preview-frame';

describe('the preview frame', () => {
  it('loads once the preview serves, not while it starts or sleeps', () => {
    expect(isServing('ready')).toBe(true);
    expect(isServing('updating')).toBe(true);
    expect(isServing('error')).toBe(true);
    expect(isServing('starting')).toBe(false);
    expect(isServing('stopped')).toBe(false);
  });

  it('loads again when a preview that had failed comes up', () => {
    expect(frameIsStale('error', 'ready')).toBe(true);
    expect(frameIsStale('starting', 'ready')).toBe(true);
  });

  it('keeps the page through hot updates and before anything was loaded', () => {
    expect(frameIsStale('ready', 'ready')).toBe(false);
    expect(frameIsStale('updating', 'ready')).toBe(false);
    expect(frameIsStale('error', 'updating')).toBe(false);
    expect(frameIsStale('error', 'error')).toBe(false);
    expect(frameIsStale(null, 'ready')).toBe(false);
  });
});
