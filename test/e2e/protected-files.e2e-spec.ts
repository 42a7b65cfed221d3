import { API_URL, signUp } from './support/api.js';

/**
 * Issue 16: the protected-file rule (libs/files/src/protected-files.ts) holds for a person's edits as it does
 * for a turn's: build configuration, lockfiles and package.json's guarded keys cannot be written, deleted or
 * renamed over REST, and nothing moves the head when they are refused.
 */
async function put(token: string, projectId: string, path: string, body: string) {
  const res = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: Buffer.from(body),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
}

describe('protected files over REST', () => {
  it('refuses build configuration, lockfiles and guarded package.json keys; allows the rest', async () => {
    const user = await signUp('protected');
    const project = (await user.client.post('/api/projects', { name: 'Protected' })).body;
    const base = `/api/projects/${project.id}`;
    const pkg = JSON.parse(await (await fetch(`${API_URL}${base}/files/raw?path=package.json`, { headers: { authorization: `Bearer ${user.accessToken}` } })).text());

    const refused: [string, string][] = [
      ['postcss.config.js', "require('fs').writeFileSync('/tmp/pwned', 'x'); module.exports = {};"],
      ['postcss.config.mjs', 'export default {};'],
      ['.postcssrc.json', '{"plugins": {"./evil.js": {}}}'],
      ['.postcssrc.ts', 'export default {};'],
      ['vite.config.mjs', 'export default {};'],
      ['tailwind.config.cjs', 'module.exports = {};'],
      ['babel.config.json', '{}'],
      ['package-lock.json', '{}'],
      ['package.json', JSON.stringify({ ...pkg, scripts: { ...pkg.scripts, build: 'node evil.js' } })],
      ['package.json', JSON.stringify({ ...pkg, postcss: { plugins: { './evil.js': {} } } })],
      ['package.json', JSON.stringify({ ...pkg, browserslist: ['ie 6'] })],
    ];
    for (const [path, content] of refused) {
      const res = await put(user.accessToken, project.id, path, content);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 400, 'PROTECTED_FILE']);
    }
    for (const path of ['package.json', 'vite.config.ts']) {
      const res = await user.client.delete(`${base}/files/raw?path=${encodeURIComponent(path)}`);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 400, 'PROTECTED_FILE']);
    }
    // Nothing of the above landed.
    expect((await user.client.get(base)).body.headVersion).toBe(1);

    // A descriptive key of package.json, and ordinary files, are the person's to change.
    expect((await put(user.accessToken, project.id, 'package.json', JSON.stringify({ ...pkg, name: 'my-page', description: 'mine' }, null, 2))).status).toBe(200);
    expect((await put(user.accessToken, project.id, 'src/extra.ts', 'export const x = 1;\n')).status).toBe(200);
    expect((await user.client.get(base)).body.headVersion).toBe(3);
  });
});
