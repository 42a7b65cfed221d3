import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { connectSocket, emitWithAck, type SignedUp } from './api.js';
import { AppProcess, freePort, waitForHealth } from './apps.js';
import { EventLog } from './turns.js';

/**
 * An API and workers of the calling suite's own: a queue prefix of its own on the stack's Postgres, Redis, S3
 * and scripted model, so the suite can kill or stop a worker without touching the one the other tests use,
 * and a turn can only land on a worker it started. Started in beforeAll, stopped in afterAll.
 */
export function ownStack(name: string) {
  const prefix = `${name}-${randomUUID().slice(0, 8)}`;
  let api: AppProcess | undefined;
  const workers: AppProcess[] = [];
  const sockets: Socket[] = [];
  const stack = {
    url: '',
    /** A worker on this suite's queues (not waited for: `waitForLine(/Worker started/)` when needed). */
    startWorker(env: Record<string, string> = {}): AppProcess {
      const worker = new AppProcess('worker', { QUEUE_PREFIX: prefix, WORKER_METRICS_PORT: '0', ...env });
      workers.push(worker);
      return worker;
    },
    /** A new project of `user` on this suite's API, its room joined. */
    async project(user: SignedUp, projectName: string) {
      const created = await user.client.post('/api/projects', { name: projectName });
      const socket = await connectSocket(user.accessToken, stack.url);
      sockets.push(socket);
      const log = new EventLog(socket);
      await emitWithAck(socket, 'project:join', { projectId: created.body.id });
      return { projectId: created.body.id as string, socket, log };
    },
  };
  beforeAll(async () => {
    const port = await freePort();
    stack.url = `http://127.0.0.1:${port}`;
    api = new AppProcess('api', { QUEUE_PREFIX: prefix, PORT: String(port) });
    await waitForHealth(stack.url);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all([...workers.map((w) => w.stop()), api?.stop()]);
  });
  return stack;
}
