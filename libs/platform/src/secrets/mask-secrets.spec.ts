import { maskSecrets } from './mask-secrets.js';

describe('maskSecrets', () => {
  const key = 'sk-proj-Abc123Def456Ghi789';

  it('removes the known key wherever it appears', () => {
    expect(maskSecrets(`401 Incorrect API key provided: ${key}. You can find your key at...`, [key])).toBe('401 Incorrect API key provided: [redacted]. You can find your key at...');
  });

  it('removes what looks like a key even when the provider quoted it partly', () => {
    const out = maskSecrets('401 Incorrect API key provided: sk-proj-****************i789. Also x-api-key: key_abcdEFGH and Bearer abc.def.ghi');
    expect(out).not.toMatch(/sk-proj|i789|abcdEFGH|abc\.def/);
    expect(out).toContain('401 Incorrect API key provided: [redacted] Also x-api-key: [redacted]');
    expect(out).toContain('Bearer [redacted]');
  });

  it('removes long unbroken tokens (a key of any shape) but keeps ordinary words', () => {
    expect(maskSecrets('invalid x-api-key AAAAbbbbCCCCddddEEEEffff1234 for claude-sonnet-4-5')).toBe('invalid x-api-key [redacted] for claude-sonnet-4-5');
  });

  it('flattens control characters and caps the length', () => {
    expect(maskSecrets('line one\nline\u0000two')).toBe('line one line two');
    const long = maskSecrets('word '.repeat(200), [], 50);
    expect(long).toHaveLength(50);
    expect(long.endsWith('…')).toBe(true);
  });
});
