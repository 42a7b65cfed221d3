import { Emitter } from '@socket.io/redis-emitter';
import { projectRoom } from '@studio/contracts';
import { Redis } from 'ioredis';
import { connectSocket, emitWithAck, signUp } from './support/api.js';

describe('Socket.IO gateway', () => {
  it('joins my project; a stranger gets an error ack; bad payloads are refused', async () => {
    const owner = await signUp('rt-owner');
    const stranger = await signUp('rt-stranger');
    const project = await owner.client.post('/api/projects', { name: 'Live' });

    const mine = await connectSocket(owner.accessToken);
    const theirs = await connectSocket(stranger.accessToken);
    try {
      expect(await emitWithAck(mine, 'project:join', { projectId: project.body.id })).toEqual({
        ok: true,
        preview: { status: 'stopped', url: expect.stringContaining(`http://${project.body.id}.preview.localhost:`) },
        seq: 0,
      });

      const refused = await emitWithAck(theirs, 'project:join', { projectId: project.body.id });
      expect(refused).toEqual({ ok: false, error: { code: 'PROJECT_NOT_FOUND', message: expect.any(String) } });

      const bad = await emitWithAck(theirs, 'project:join', { projectId: 'nope' });
      expect(bad.ok).toBe(false);
      expect(bad.error.code).toBe('VALIDATION_FAILED');

      expect(await emitWithAck(mine, 'project:leave', { projectId: project.body.id })).toEqual({ ok: true });
    } finally {
      mine.close();
      theirs.close();
    }
  });

  it("delivers events published by another process to the project's room only (Redis adapter)", async () => {
    const owner = await signUp('rt-events');
    const stranger = await signUp('rt-events-stranger');
    const project = await owner.client.post('/api/projects', { name: 'Events' });
    const other = await stranger.client.post('/api/projects', { name: 'Other' });

    const watcher = await connectSocket(owner.accessToken);
    const bystander = await connectSocket(stranger.accessToken);
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      await emitWithAck(watcher, 'project:join', { projectId: project.body.id });
      await emitWithAck(bystander, 'project:join', { projectId: other.body.id });
      const leaked: unknown[] = [];
      bystander.on('preview:status', (p) => leaked.push(p));

      const received = new Promise((resolve) => watcher.once('preview:status', resolve));
      // The worker publishes exactly like this: through Redis, from outside the API process.
      new Emitter(redis, { key: 'studio:io' }).to(projectRoom(project.body.id)).emit('preview:status', { projectId: project.body.id, seq: 1, status: 'starting' });

      expect(await received).toEqual({ projectId: project.body.id, seq: 1, status: 'starting' });
      await new Promise((r) => setTimeout(r, 200));
      expect(leaked).toEqual([]);
    } finally {
      watcher.close();
      bystander.close();
      redis.disconnect();
    }
  });
});
