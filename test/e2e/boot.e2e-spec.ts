import { spawn } from 'node:child_process';

/** A bad configuration stops each app at boot, naming the variable and never echoing a secret. */
function boot(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    });
  });
}

describe.each(['apps/api/dist/main.js', 'apps/worker/dist/main.js'])('%s with a bad configuration', (entry) => {
  it('exits 1 naming each bad variable', async () => {
    const { code, output } = await boot(entry, {
      DATABASE_URL: 'mysql://root:hunter2-secret@db/x',
      REDIS_URL: process.env.REDIS_URL!,
      JWT_SECRET: 'short',
      PORT: 'eighty',
    });
    expect(code).toBe(1);
    expect(output).toContain('Invalid configuration');
    expect(output).toMatch(/DATABASE_URL: must start with postgres:\/\//);
    expect(output).toContain('JWT_SECRET: must be at least 32 characters');
    expect(output).toContain('PORT:');
    expect(output).not.toContain('hunter2-secret');
  });

  it('exits 1 naming a missing required variable', async () => {
    const { code, output } = await boot(entry, { REDIS_URL: process.env.REDIS_URL!, JWT_SECRET: 'x'.repeat(40) });
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL: is required');
  });
});
