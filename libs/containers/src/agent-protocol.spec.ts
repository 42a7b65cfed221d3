import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const TSC = resolve('node_modules/typescript/bin/tsc');
const AGENT = resolve('docker/preview/agent/tsconfig.json');

describe('the preview agent protocol', () => {
  // The agent is plain JavaScript in the image; its JSDoc names the types of agent-protocol.ts, which the
  // worker's PreviewAgent uses. A change on one side the other does not follow is a type error here.
  it('is what the agent (docker/preview/agent) speaks: its JSDoc type-checks against agent-protocol.ts', async () => {
    const run = promisify(execFile)(TSC, ['-p', AGENT], { encoding: 'utf8' }).then(
      () => '',
      (err: { stdout?: string; message: string }) => err.stdout || err.message,
    );
    expect(await run).toBe('');
  }, 60_000);
});
