import { jest } from '@jest/globals';
import { loadCatalog } from '@studio/catalog';
import { PATH_CASES } from '../../libs/files/src/testing/path-cases.js';
import { API_URL, signUp } from './support/api.js';

// Dozens of requests a test (sign-up, edits, restores, zips): on a busy machine, after suites that leave previews running, 5 s is not enough.
jest.setTimeout(30_000);

/** Files and versions over REST, against the running API, real Postgres and the real S3-compatible server. */
/** Version 1 of a project from the default template: its files as libs/catalog composes them. */
async function templateFiles(id = 'landing'): Promise<Record<string, Buffer>> {
  const { templates } = await loadCatalog('templates');
  return Object.fromEntries(templates.get(id)!.files.map((f) => [f.path, f.content]));
}

async function raw(token: string, method: string, path: string, body?: Buffer) {
  const res = await fetch(`${API_URL}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const q = (path: string) => encodeURIComponent(path);

describe('files and versions over REST', () => {
  it('version 1 is the template; edits, deletes, diffs, restores and zips work end to end', async () => {
    const user = await signUp('files');
    const project = (await user.client.post('/api/projects', { name: 'Files' })).body;
    const base = `/api/projects/${project.id}`;

    // Version 1: exactly the template's files, byte for byte.
    const expected = await templateFiles();
    const listed = await user.client.get(`${base}/files`);
    expect(listed.status).toBe(200);
    expect(listed.body.map((f: { path: string }) => f.path).sort()).toEqual(Object.keys(expected).sort());
    for (const [path, bytes] of Object.entries(expected)) {
      const got = await raw(user.accessToken, 'GET', `${base}/files/raw?path=${q(path)}`);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(bytes)).toBe(true);
    }
    const sample = await raw(user.accessToken, 'GET', `${base}/files/raw?path=index.html`);
    expect(sample.headers.get('content-type')).toBe('application/octet-stream');
    expect(sample.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(sample.headers.get('x-content-type-options')).toBe('nosniff');

    // A user edit makes version 2; a delete makes version 3.
    const hero = Buffer.from('export default function Hero() {\n  return <h1>Edited</h1>;\n}\n');
    expect((await raw(user.accessToken, 'PUT', `${base}/files/raw?path=${q('src/components/Hero.tsx')}`, hero)).bytes.toString()).toBe('{"version":2}');
    expect((await raw(user.accessToken, 'GET', `${base}/files/raw?path=${q('src/components/Hero.tsx')}`)).bytes.equals(hero)).toBe(true);
    expect((await user.client.delete(`${base}/files/raw?path=${q('src/components/Footer.tsx')}`)).body).toEqual({ version: 3 });
    const gone = await user.client.get(`${base}/files/raw?path=${q('src/components/Footer.tsx')}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('FILE_NOT_FOUND');
    // Older versions stay readable.
    expect((await raw(user.accessToken, 'GET', `${base}/files/raw?path=${q('src/components/Footer.tsx')}&version=2`)).status).toBe(200);
    expect((await user.client.get(`${base}`)).body.headVersion).toBe(3);

    const versions = (await user.client.get(`${base}/versions`)).body;
    expect(versions.map((v: { number: number; source: string }) => [v.number, v.source])).toEqual([
      [3, 'user'],
      [2, 'user'],
      [1, 'template'],
    ]);
    expect(versions[0].changes).toEqual([{ action: 'delete', path: 'src/components/Footer.tsx' }]);

    const diff = (await user.client.get(`${base}/versions/2/diff?against=1`)).body;
    expect(diff).toEqual([{ action: 'write', path: 'src/components/Hero.tsx', binary: false, patch: expect.stringContaining('+  return <h1>Edited</h1>;') }]);
    expect((await user.client.get(`${base}/versions/3/diff`)).body).toEqual([{ action: 'delete', path: 'src/components/Footer.tsx', binary: false, patch: expect.any(String) }]);

    // Restore: a new version 4 equal to version 1; nothing before it changes.
    const restored = await user.client.post(`${base}/versions/1/restore`);
    expect(restored.status).toBe(201);
    expect(restored.body).toEqual({ version: 4 });
    const v4 = (await user.client.get(`${base}/files?version=4`)).body;
    expect(v4).toEqual((await user.client.get(`${base}/files?version=1`)).body);
    expect((await user.client.get(`${base}/files?version=3`)).body.some((f: { path: string }) => f.path === 'src/components/Footer.tsx')).toBe(false);

    // The source zip of a version.
    const zip = await raw(user.accessToken, 'GET', `${base}/versions/2/zip`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.bytes.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(zip.bytes.includes(Buffer.from('src/components/Hero.tsx'))).toBe(true);
  });

  it('a stale base version is a conflict, not an overwrite', async () => {
    const user = await signUp('conflict');
    const project = (await user.client.post('/api/projects', { name: 'C' })).body;
    const base = `/api/projects/${project.id}`;
    expect((await raw(user.accessToken, 'PUT', `${base}/files/raw?path=a.ts&baseVersion=1`, Buffer.from('1'))).status).toBe(200);
    const stale = await raw(user.accessToken, 'PUT', `${base}/files/raw?path=a.ts&baseVersion=1`, Buffer.from('2'));
    expect(stale.status).toBe(409);
    expect(JSON.parse(stale.bytes.toString()).error.code).toBe('VERSION_CONFLICT');
    expect((await raw(user.accessToken, 'GET', `${base}/files/raw?path=a.ts`)).bytes.toString()).toBe('1');
  });

  it('refuses every path rule with its own code, and changes nothing', async () => {
    const user = await signUp('paths');
    const project = (await user.client.post('/api/projects', { name: 'Paths' })).body;
    const base = `/api/projects/${project.id}`;
    for (const [path, code] of PATH_CASES.filter(([, c]) => c !== 'OK')) {
      const res = await raw(user.accessToken, 'PUT', `${base}/files/raw?path=${q(path)}`, Buffer.from('x'));
      expect({ path, status: res.status, code: JSON.parse(res.bytes.toString()).error.code }).toEqual({ path, status: 400, code });
    }
    const tooBig = await raw(user.accessToken, 'PUT', `${base}/files/raw?path=big.json`, Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.bytes.toString()).error.code).toBe('FILE_TOO_LARGE');
    expect((await user.client.get(base)).body.headVersion).toBe(1);
  });

  it('refuses bad version numbers clearly', async () => {
    const user = await signUp('versions');
    const project = (await user.client.post('/api/projects', { name: 'V' })).body;
    const base = `/api/projects/${project.id}`;
    expect((await user.client.get(`${base}/files?version=abc`)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await user.client.get(`${base}/files?version=0`)).status).toBe(400);
    const missing = await user.client.get(`${base}/files?version=99`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('VERSION_NOT_FOUND');
    expect((await user.client.post(`${base}/versions/99/restore`)).body.error.code).toBe('VERSION_NOT_FOUND');
  });

  it('another user gets 404 for every file, version, diff and restore route of my project', async () => {
    const owner = await signUp('files-owner');
    const stranger = await signUp('files-stranger');
    const project = (await owner.client.post('/api/projects', { name: 'Mine' })).body;
    const base = `/api/projects/${project.id}`;
    const attempts = [
      ['GET', `${base}/files`],
      ['GET', `${base}/files?version=1`],
      ['GET', `${base}/files/raw?path=index.html`],
      ['PUT', `${base}/files/raw?path=index.html`],
      ['DELETE', `${base}/files/raw?path=index.html`],
      ['GET', `${base}/versions`],
      ['GET', `${base}/versions/1/diff?against=1`],
      ['POST', `${base}/versions/1/restore`],
      ['GET', `${base}/versions/1/zip`],
    ];
    for (const [method, path] of attempts) {
      const res = await raw(stranger.accessToken, method, path, method === 'PUT' ? Buffer.from('<h1>pwned</h1>') : undefined);
      expect({ method, path, status: res.status, code: JSON.parse(res.bytes.toString()).error.code }).toEqual({ method, path, status: 404, code: 'PROJECT_NOT_FOUND' });
    }
    expect((await owner.client.get(base)).body.headVersion).toBe(1);
    expect((await raw(owner.accessToken, 'GET', `${base}/files/raw?path=index.html`)).bytes.toString()).not.toContain('pwned');
  });
});
