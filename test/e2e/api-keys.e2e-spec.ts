import { Client, connectSocket, emitWithAck, handshake, signUp } from './support/api.js';

describe('API keys', () => {
  it('a key is shown once, works on REST and the socket, and stops working once revoked', async () => {
    const user = await signUp('keys');
    const created = await user.client.post('/api/api-keys', { name: 'CI deploy' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'CI deploy', key: expect.stringMatching(/^sk_[\w-]{40,}$/) });
    const key: string = created.body.key;

    const listed = await user.client.get('/api/api-keys');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([{ id: created.body.id, name: 'CI deploy', prefix: key.slice(0, 9), createdAt: expect.any(String), lastUsedAt: null }]);
    expect(JSON.stringify(listed.body)).not.toContain(key);

    const viaKey = new Client(key);
    const me = await viaKey.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.userId);

    // The key is a full credential: it creates projects and joins their rooms.
    const project = await viaKey.post('/api/projects', { name: 'From a script' });
    expect(project.status).toBe(201);
    const socket = await connectSocket(key);
    expect(await emitWithAck(socket, 'project:join', { projectId: project.body.id })).toMatchObject({ ok: true });
    socket.close();

    const used = await user.client.get('/api/api-keys');
    expect(used.body[0].lastUsedAt).not.toBeNull();

    expect((await user.client.delete(`/api/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await viaKey.get('/api/auth/me')).status).toBe(401);
    expect(await handshake(key)).toBe('UNAUTHORIZED');
    expect((await user.client.get('/api/api-keys')).body).toEqual([]);
  });

  it('a made-up key is refused', async () => {
    expect((await new Client('sk_made-up-key').get('/api/auth/me')).status).toBe(401);
  });

  it('another user cannot see or revoke my key', async () => {
    const owner = await signUp('key-owner');
    const stranger = await signUp('key-stranger');
    const created = await owner.client.post('/api/api-keys', { name: 'mine' });
    expect((await stranger.client.get('/api/api-keys')).body).toEqual([]);
    const revoke = await stranger.client.delete(`/api/api-keys/${created.body.id}`);
    expect(revoke.status).toBe(404);
    expect(revoke.body.error.code).toBe('API_KEY_NOT_FOUND');
    expect((await new Client(created.body.key).get('/api/auth/me')).status).toBe(200);
  });

  it('needs a name', async () => {
    const user = await signUp('key-name');
    const res = await user.client.post('/api/api-keys', { name: '  ' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toHaveProperty('name');
  });
});
