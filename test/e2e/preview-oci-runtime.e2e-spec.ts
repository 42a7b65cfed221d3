import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { AppProcess } from './support/apps.js';
import { PREVIEW_RUNTIME } from './support/previews.js';

jest.setTimeout(60_000);

/**
 * PREVIEW_OCI_RUNTIME names a runtime the engine must have: a worker told to use one it has not refuses to
 * start, saying which and what the engine has, instead of failing every preview and export later.
 */
(PREVIEW_RUNTIME === 'docker' ? describe : describe.skip)('a worker configured with an OCI runtime the engine has not', () => {
  it("exits at boot naming PREVIEW_OCI_RUNTIME, the runtime and the engine's runtimes", async () => {
    const stack = `oci-${randomUUID().slice(0, 8)}`;
    const worker = new AppProcess('worker', { QUEUE_PREFIX: stack, PREVIEW_STACK_ID: stack, PREVIEW_OCI_RUNTIME: 'no-such-runtime', WORKER_METRICS_PORT: '0' });
    const code = await Promise.race([worker.exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 45_000))]);
    await worker.stop();
    expect(code).not.toBe('running');
    expect(code).not.toBe(0);
    const output = worker.output.join('\n');
    expect(output).toMatch(/PREVIEW_OCI_RUNTIME=no-such-runtime: the Docker engine has no runtime of that name \(it has: [^)]*runc/);
    expect(output).not.toContain('Worker started');
  });
});
