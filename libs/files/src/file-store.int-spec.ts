import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { StudioError } from '@studio/contracts';
import { createDataSource, type Manifest, ProjectsRepository, UsersRepository } from '@studio/data';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { BlobStore, blobKey } from './blob-store.js';
import type { FileChange } from './changes.js';
import { FileStore } from './file-store.js';
import { DEFAULT_FILE_LIMITS } from './limits.js';
import { commitRebasing } from './rebase-commit.js';
import { S3ObjectStore } from './s3.object-store.js';
import { unzip } from './testing/unzip.js';

/** Against the test stack's real PostgreSQL and S3-compatible server. */
let db: DataSource;
let objects: S3ObjectStore;
let store: FileStore;

beforeAll(async () => {
  db = createDataSource(process.env.DATABASE_URL!, { poolSize: 25 });
  await db.initialize();
  objects = S3ObjectStore.fromEnvironment();
  store = new FileStore(db, new BlobStore(objects), DEFAULT_FILE_LIMITS);
});
afterAll(async () => {
  await db.destroy();
  objects.destroy();
});

/** A project at version 1 holding `files`, made the way the API makes one. */
async function newProject(files: Record<string, Buffer | string> = { 'src/App.tsx': 'export default 1;\n' }): Promise<string> {
  const user = await new UsersRepository(db).create({ email: `${randomUUID()}@example.test`, passwordHash: 'x' });
  const id = randomUUID();
  const prepared = await store.prepare(
    id,
    Object.entries(files).map(([path, c]) => ({ action: 'write' as const, path, content: Buffer.from(c) })),
  );
  await new ProjectsRepository(db).create({ id, ownerId: user.id, name: 'P', templateId: 'landing' }, (tx) => store.insertFirstVersion(tx, id, prepared, { source: 'template' }));
  return id;
}

const asText = (files: Map<string, Buffer>) => Object.fromEntries([...files].map(([p, b]) => [p, b.toString('base64')]));

describe('FileStore against Postgres and S3', () => {
  it('a random history of writes, deletes, renames and restores always reads back like a simple model', async () => {
    const paths = ['src/App.tsx', 'src/a.ts', 'src/b.css', 'public/logo.svg', 'index.html', 'src/deep/c.tsx'];
    type Step = { kind: 'write'; path: string; content: string } | { kind: 'delete'; pick: number } | { kind: 'rename'; pick: number; to: string } | { kind: 'restore'; pick: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), path: fc.constantFrom(...paths), content: fc.string({ maxLength: 40 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), to: fc.constantFrom(...paths) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), pick: fc.nat() }) },
    );

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 150, maxLength: 200 }), async (steps) => {
        const projectId = await newProject({ 'src/App.tsx': 'v1' });
        // The model: every version's files as plain maps.
        const model: Record<string, string>[] = [{ 'src/App.tsx': 'v1' }];
        for (const s of steps) {
          const head = model.length;
          const current = { ...model[head - 1] };
          const existing = Object.keys(current).sort();
          let change: FileChange | null = null;
          if (s.kind === 'write') {
            change = { action: 'write', path: s.path, content: Buffer.from(s.content) };
            current[s.path] = s.content;
          } else if (s.kind === 'delete' && existing.length) {
            const path = existing[s.pick % existing.length];
            change = { action: 'delete', path };
            delete current[path];
          } else if (s.kind === 'rename' && existing.length) {
            const from = existing[s.pick % existing.length];
            if (current[s.to] !== undefined) continue; // a rename onto a file is refused; covered by the unit tests
            change = { action: 'rename', from, path: s.to };
            current[s.to] = current[from];
            delete current[from];
          } else if (s.kind === 'restore') {
            const target = (s.pick % head) + 1;
            expect(await store.restore(projectId, target)).toEqual({ version: head + 1 });
            model.push({ ...model[target - 1] });
            continue;
          }
          if (!change) continue;
          expect(await store.commit(projectId, head, [change], { source: 'user' })).toEqual({ version: head + 1 });
          model.push(current);
        }
        expect(await store.head(projectId)).toBe(model.length);
        // Every version, not just the last, reads back exactly as the model says.
        for (let v = 1; v <= model.length; v++) {
          const files = await store.readAll(projectId, v);
          expect(Object.fromEntries([...files].map(([p, b]) => [p, b.toString('utf8')]))).toEqual(model[v - 1]);
        }
        expect((await store.versions(projectId)).map((x) => x.number)).toEqual(model.map((_, i) => model.length - i));
      }),
      { numRuns: 2 },
    );
  }, 240_000);

  it('20 concurrent commits on one base: exactly one wins, 19 get VERSION_CONFLICT', async () => {
    const projectId = await newProject();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.commit(projectId, 1, [{ action: 'write', path: `src/f${i}.ts`, content: Buffer.from(`export const n = ${i};\n`) }], { source: 'ai' })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(StudioError);
      expect(r.reason).toMatchObject({ code: 'VERSION_CONFLICT' });
    }
    expect(await store.head(projectId)).toBe(2);
    const files = await store.listFiles(projectId);
    expect(files.filter((f) => f.path.startsWith('src/f'))).toHaveLength(1);
  }, 60_000);

  it('a process killed after uploading blobs and before its transaction leaves the head and files untouched', async () => {
    const projectId = await newProject({ 'src/App.tsx': 'before' });
    const before: Manifest = await store.manifest(projectId);
    // The fixture runs the built file store (dist/, built by ./studio before the tests), as production does.
    const script = fileURLToPath(new URL('./testing/crash-after-upload.mjs', import.meta.url));
    const child = spawn(process.execPath, [script, projectId, 'src/App.tsx', 'after'], {
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const uploaded = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/UPLOADED (.*)\n/);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`fixture exited early (${code}): ${err}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const [{ sha256 }] = JSON.parse(uploaded);
    expect(await objects.size(blobKey(projectId, sha256))).toBe(5); // the orphan blob is there...
    expect(await store.head(projectId)).toBe(1); // ...but nothing points at it
    expect(await store.manifest(projectId)).toEqual(before);
    expect((await store.readFile(projectId, 'src/App.tsx')).toString()).toBe('before');
    // And the project carries on: the next commit on the same base lands.
    expect(await store.commit(projectId, 1, [{ action: 'write', path: 'src/App.tsx', content: Buffer.from('after') }], { source: 'user' })).toEqual({ version: 2 });
  }, 60_000);

  it('binary files round-trip byte for byte', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]), randomBytes(300_000)]);
    const font = randomBytes(70_000);
    const projectId = await newProject();
    await store.commit(
      projectId,
      1,
      [
        { action: 'write', path: 'public/hero.png', content: png },
        { action: 'write', path: 'public/fonts/brand.woff2', content: font },
      ],
      { source: 'user' },
    );
    expect((await store.readFile(projectId, 'public/hero.png')).equals(png)).toBe(true);
    expect((await store.readFile(projectId, 'public/fonts/brand.woff2')).equals(font)).toBe(true);
    const diff = await store.diff(projectId, 2, 1);
    expect(diff.find((d) => d.path === 'public/hero.png')).toEqual({ action: 'write', path: 'public/hero.png', binary: true, patch: null });
  });

  it('restore makes a new version equal to an old one, and keeps every version', async () => {
    const projectId = await newProject({ 'src/App.tsx': 'one' });
    await store.commit(
      projectId,
      1,
      [
        { action: 'write', path: 'src/App.tsx', content: Buffer.from('two') },
        { action: 'write', path: 'src/New.tsx', content: Buffer.from('new') },
      ],
      { source: 'ai' },
    );
    expect(await store.restore(projectId, 1)).toEqual({ version: 3 });
    expect(asText(await store.readAll(projectId, 3))).toEqual(asText(await store.readAll(projectId, 1)));
    expect(asText(await store.readAll(projectId, 2))).toEqual({ 'src/App.tsx': Buffer.from('two').toString('base64'), 'src/New.tsx': Buffer.from('new').toString('base64') });
    const versions = await store.versions(projectId);
    expect(versions[0]).toMatchObject({
      number: 3,
      source: 'restore',
      changes: [
        { action: 'write', path: 'src/App.tsx' },
        { action: 'delete', path: 'src/New.tsx' },
      ],
    });
  });

  it('diff gives unified diffs of text files and reports renames', async () => {
    const projectId = await newProject({ 'src/App.tsx': 'line 1\nline 2\nline 3\n', 'src/Old.tsx': 'same\n' });
    await store.commit(
      projectId,
      1,
      [
        { action: 'write', path: 'src/App.tsx', content: Buffer.from('line 1\nline two\nline 3\n') },
        { action: 'rename', from: 'src/Old.tsx', path: 'src/New.tsx' },
      ],
      { source: 'ai' },
    );
    const diff = await store.diff(projectId, 2, 1);
    expect(diff).toEqual([
      { action: 'write', path: 'src/App.tsx', binary: false, patch: expect.stringContaining('-line 2\n+line two') },
      { action: 'rename', path: 'src/New.tsx', from: 'src/Old.tsx', binary: false, patch: null },
    ]);
    expect(diff[0].patch).toContain('--- a/src/App.tsx');
  });

  it('zips a version: exactly its files, byte for byte', async () => {
    const bin = randomBytes(50_000);
    const projectId = await newProject({ 'index.html': '<h1>hi</h1>\n', 'public/x.png': bin, 'src/main.tsx': 'x\n' });
    const { stream } = await store.zip(projectId, 1);
    const zipped = Buffer.concat(await stream.toArray());
    const entries = Object.fromEntries([...(await unzip(zipped))].map(([name, e]) => [name, e.bytes]));
    expect(Object.keys(entries).sort()).toEqual(['index.html', 'public/x.png', 'src/main.tsx']);
    expect(entries['public/x.png'].equals(bin)).toBe(true);
    expect(entries['index.html'].toString()).toBe('<h1>hi</h1>\n');
  });

  it('refuses a commit on a version that does not exist, and leaves the project as it was', async () => {
    const projectId = await newProject();
    await expect(store.commit(projectId, 7, [{ action: 'write', path: 'a.ts', content: Buffer.from('x') }], { source: 'user' })).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    await expect(store.commit(projectId, 1, [{ action: 'delete', path: 'nope.ts' }], { source: 'user' })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(await store.head(projectId)).toBe(1);
  });

  it('commitRebasing puts changes on a head that moved in other files, and keeps the other version when they overlap', async () => {
    const projectId = await newProject({ 'src/App.tsx': 'a', 'src/b.ts': 'b' });
    const mine = await store.prepare(projectId, [{ action: 'write', path: 'src/App.tsx', content: Buffer.from('mine') }]);
    await store.commit(projectId, 1, [{ action: 'write', path: 'src/b.ts', content: Buffer.from('theirs') }], { source: 'user' });
    expect(await commitRebasing(store, projectId, 1, mine, { source: 'ai' })).toEqual({ version: 3 });
    expect((await store.readFile(projectId, 'src/App.tsx')).toString()).toBe('mine');
    expect((await store.readFile(projectId, 'src/b.ts')).toString()).toBe('theirs');

    await store.commit(projectId, 3, [{ action: 'write', path: 'src/App.tsx', content: Buffer.from('theirs again') }], { source: 'user' });
    await expect(commitRebasing(store, projectId, 3, mine, { source: 'ai' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT', details: { paths: ['src/App.tsx'], headVersion: 4 } });
    expect((await store.readFile(projectId, 'src/App.tsx')).toString()).toBe('theirs again');
    expect(await store.head(projectId)).toBe(4);
  });
});
