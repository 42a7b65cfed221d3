import { randomUUID } from 'node:crypto';
import { Emitter } from '@socket.io/redis-emitter';
import { projectRoom } from '@studio/contracts';
import { createDataSource, ProjectEventsRepository } from '@studio/data';
import { ProjectEventBus } from '@studio/platform';
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

  it('sends a joined socket its events in seq order with no gap: one stored but never sent over Redis is read from the event log', async () => {
    const owner = await signUp('rt-gap');
    const projectId = (await owner.client.post('/api/projects', { name: 'Gap' })).body.id as string;
    const watcher = await connectSocket(owner.accessToken);
    const db = createDataSource(process.env.DATABASE_URL ?? '', { poolSize: 1, applicationName: 'realtime-e2e' });
    await db.initialize();
    const bus = new ProjectEventBus(db, new Redis(process.env.REDIS_URL!));
    try {
      const got: { seq: number; text: string }[] = [];
      watcher.on('chat:delta', (p: { seq: number; text: string }) => got.push({ seq: p.seq, text: p.text }));
      expect(await emitWithAck(watcher, 'project:join', { projectId, afterSeq: 0 })).toMatchObject({ ok: true, seq: 0, replayed: 0 });
      const turnId = randomUUID();
      // Stored the way every event is, then lost on its way (as one published while Redis restarted)...
      await new ProjectEventsRepository(db).append(projectId, 'chat:delta', { turnId, text: 'lost' });
      // ...and the next one published as a worker does: it arrives ahead of the lost one.
      await bus.publish(projectId, 'chat:delta', { turnId, text: 'next' });
      const deadline = Date.now() + 5000;
      while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(got).toEqual([
        { seq: 1, text: 'lost' },
        { seq: 2, text: 'next' },
      ]);
    } finally {
      watcher.close();
      await bus.close();
      await db.destroy();
    }
  });
});
