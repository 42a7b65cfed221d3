import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createDataSource, ProjectEntity, UserEntity } from '@studio/data';
import { BlobStore, DEFAULT_FILE_LIMITS, FileStore, S3ObjectStore } from '@studio/files';
import { defaultTemplateFiles } from './default-template.js';
import { type Row, stats, timeIt } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);

/** A project of the size the context benchmark (B7) uses: 300 files, mostly components, a few images. */
function largeProject(): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < 280; i++) {
    const body = `import { useState } from 'react';\n\nexport default function Section${i}() {\n  const [open, setOpen] = useState(false);\n${'  // layout and copy of the section\n'.repeat(40)}  return <section onClick={() => setOpen(!open)}>Section ${i}</section>;\n}\n`;
    files[`src/sections/Section${i}.tsx`] = Buffer.from(body);
  }
  for (let i = 0; i < 20; i++) files[`public/images/photo-${i}.webp`] = randomBytes(40_000);
  return files;
}

/**
 * B6, source part: a version's source zip from the store (blobs fetched from S3, cold and with the blob cache
 * warm) beside `zip -r` of the same files on local disk, measured in the same run.
 */
export async function benchSourceZip(): Promise<Row[]> {
  const db = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await db.initialize();
  const objects = S3ObjectStore.fromEnvironment();
  const rows: Row[] = [];
  try {
    for (const [label, files] of [
      ['landing template', await defaultTemplateFiles()],
      ['300-file project', largeProject()],
    ] as const) {
      const user = await db.getRepository(UserEntity).save({ email: `${randomUUID()}@bench.test`, passwordHash: 'x' });
      const id = randomUUID();
      const store = new FileStore(db, new BlobStore(objects), DEFAULT_FILE_LIMITS);
      const prepared = await store.prepare(
        id,
        Object.entries(files).map(([path, content]) => ({ action: 'write' as const, path, content })),
      );
      await db.transaction(async (tx) => {
        await tx.getRepository(ProjectEntity).insert({ id, ownerId: user.id, name: 'bench', templateId: 'landing', headVersion: 1 });
        await store.insertFirstVersion(tx, id, prepared, { source: 'template' });
      });

      const consume = async (s: FileStore) => {
        const { stream } = await s.zip(id, 1);
        for await (const _ of stream) void _;
      };
      // Cold: a fresh blob cache each time, so every blob comes from S3.
      const cold = await timeIt(N, () => consume(new FileStore(db, new BlobStore(objects), DEFAULT_FILE_LIMITS)));
      const warmStore = new FileStore(db, new BlobStore(objects), DEFAULT_FILE_LIMITS);
      const warm = await timeIt(N, () => consume(warmStore));

      const dir = mkdtempSync(join(tmpdir(), 'bench-zip-'));
      try {
        for (const [path, content] of Object.entries(files)) {
          mkdirSync(dirname(join(dir, 'src-root', path)), { recursive: true });
          writeFileSync(join(dir, 'src-root', path), content);
        }
        const out = join(dir, 'out.zip');
        const zipRun = async () => {
          rmSync(out, { force: true });
          execFileSync('zip', ['-r', '-q', out, '.'], { cwd: join(dir, 'src-root') });
        };
        const reference = { name: 'zip -r', stats: stats(await timeIt(N, zipRun)) };
        rows.push({ figure: `B6 source zip, ${label}, cold (S3)`, stats: stats(cold), reference, bar: '≤ 2× zip' });
        rows.push({ figure: `B6 source zip, ${label}, warm cache`, stats: stats(warm), reference, bar: '≤ 2× zip' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    objects.destroy();
    await db.destroy();
  }
  return rows;
}
