import { randomUUID } from 'node:crypto';
import { projectPrefix, S3ObjectStore } from '@studio/files';
import { eventually, signUp } from './support/api.js';

describe('projects', () => {
  it('create, list (own only, newest first), get, rename, delete', async () => {
    const user = await signUp('projects');
    const first = await user.client.post('/api/projects', { name: '  Launch page  ' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      name: 'Launch page',
      templateId: 'landing',
      headVersion: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const second = await user.client.post('/api/projects', { name: 'Waitlist', templateId: 'landing' });
    expect(second.status).toBe(201);

    const listed = await user.client.get('/api/projects');
    expect(listed.body.map((p: { id: string }) => p.id)).toEqual([second.body.id, first.body.id]);

    expect((await user.client.get(`/api/projects/${first.body.id}`)).body).toEqual(first.body);

    const renamed = await user.client.patch(`/api/projects/${first.body.id}`, { name: 'Spring launch' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Spring launch');
    expect(new Date(renamed.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(first.body.updatedAt).getTime());

    expect((await user.client.delete(`/api/projects/${first.body.id}`)).status).toBe(204);
    expect((await user.client.get(`/api/projects/${first.body.id}`)).status).toBe(404);
    expect((await user.client.get('/api/projects')).body.map((p: { id: string }) => p.id)).toEqual([second.body.id]);
  });

  it("another user's project does not exist for me (404 on every route)", async () => {
    const owner = await signUp('owner');
    const stranger = await signUp('stranger');
    const project = await owner.client.post('/api/projects', { name: 'Private' });
    const id = project.body.id;

    for (const res of [
      await stranger.client.get(`/api/projects/${id}`),
      await stranger.client.patch(`/api/projects/${id}`, { name: 'Mine now' }),
      await stranger.client.delete(`/api/projects/${id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('PROJECT_NOT_FOUND');
    }
    expect((await stranger.client.get('/api/projects')).body).toEqual([]);
    expect((await owner.client.get(`/api/projects/${id}`)).body.name).toBe('Private');
  });

  it('answers a malformed or unknown id with 404, not an error', async () => {
    const user = await signUp('ids');
    expect((await user.client.get('/api/projects/not-a-uuid')).status).toBe(404);
    expect((await user.client.get(`/api/projects/${randomUUID()}`)).status).toBe(404);
  });

  it('refuses bad input with clear codes', async () => {
    const user = await signUp('bad-input');
    const empty = await user.client.post('/api/projects', { name: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields).toHaveProperty('name');
    const long = await user.client.post('/api/projects', { name: 'x'.repeat(101) });
    expect(long.status).toBe(400);
    const template = await user.client.post('/api/projects', { name: 'X', templateId: 'no-such-template' });
    expect(template.status).toBe(400);
    expect(template.body.error.code).toBe('TEMPLATE_NOT_FOUND');
    expect(template.body.error.details.available).toContain('landing');
  });

  it("deleting a project removes its objects from S3 (through the worker's queue)", async () => {
    const user = await signUp('purge');
    const project = await user.client.post('/api/projects', { name: 'Doomed' });
    const keeper = await user.client.post('/api/projects', { name: 'Kept' });
    const store = S3ObjectStore.fromEnvironment();
    try {
      const doomedKeys = Array.from({ length: 3 }, (_, i) => `${projectPrefix(project.body.id)}blobs/${i}`);
      for (const key of doomedKeys) await store.put(key, Buffer.from(key));
      const keptKey = `${projectPrefix(keeper.body.id)}blobs/0`;
      await store.put(keptKey, Buffer.from('kept'));

      expect((await user.client.delete(`/api/projects/${project.body.id}`)).status).toBe(204);
      await eventually(async () => ((await store.size(doomedKeys[0])) === null ? true : undefined), 15_000, 'the purge job');
      for (const key of doomedKeys) expect(await store.size(key)).toBeNull();
      expect(await store.size(keptKey)).toBe(4);
    } finally {
      store.destroy();
    }
  });
});
