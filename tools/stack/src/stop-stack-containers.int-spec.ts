import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { stopStackContainers } from './preview-image.js';

/**
 * `./studio up`'s exit stops its stack's previews and no other stack's, against the real engine (the test stack's
 * preview image, running a process that stops on SIGTERM; one container paused, as an idle preview is).
 */
// Three containers started and stopped on a shared engine: seconds, more under load.
jest.setTimeout(60_000);

const run = promisify(execFile);
const ours = `stop-test-${randomUUID().slice(0, 8)}`;
const theirs = `${ours}-other`;
const created: string[] = [];

async function container(stackId: string): Promise<string> {
  const image = process.env.PREVIEW_IMAGE ?? 'studio-preview:latest';
  const script = "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1 << 30);";
  const { stdout } = await run('docker', ['run', '-d', '--label', `studio.stack=${stackId}`, '--entrypoint', 'node', image, '-e', script]);
  const id = stdout.trim();
  created.push(id);
  return id;
}

const state = async (id: string) => (await run('docker', ['inspect', '-f', '{{.State.Status}}', id])).stdout.trim();

afterAll(async () => {
  if (created.length) await run('docker', ['rm', '-f', ...created]).catch(() => undefined);
});

// As the other tests that need the engine: the stack found one (PREVIEW_RUNTIME=docker), or this is skipped.
(process.env.PREVIEW_RUNTIME === 'docker' ? describe : describe.skip)('stopStackContainers', () => {
  it("stops the stack's running and paused containers, and leaves another stack's running", async () => {
    const [running, paused, other] = await Promise.all([container(ours), container(ours), container(theirs)]);
    await run('docker', ['pause', paused]);

    expect(await stopStackContainers(ours)).toBe(2);

    expect(await state(running)).toBe('exited');
    expect(await state(paused)).toBe('exited');
    expect(await state(other)).toBe('running');
    // Nothing left to stop: a second exit changes nothing.
    expect(await stopStackContainers(ours)).toBe(0);
  });
});
