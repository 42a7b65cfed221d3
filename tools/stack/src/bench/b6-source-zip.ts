import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createDataSource, ProjectEntity, UserEntity } from '@studio/data';
import { BlobStore, blobKey, DEFAULT_FILE_LIMITS, FileStore, S3ObjectStore, ZIP_READ_AHEAD } from '@studio/files';
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

/** Runs each function `n` times, taking turns (after one warm-up each), so load on the machine falls on all alike. */
async function timeTakingTurns(n: number, runs: (() => Promise<unknown>)[]): Promise<number[][]> {
  for (const run of runs) await run();
  const samples = runs.map(() => [] as number[]);
  for (let i = 0; i < n; i++) {
    for (const [k, run] of runs.entries()) {
      const started = performance.now();
      await run();
      samples[k].push(performance.now() - started);
    }
  }
  return samples;
}

/** GETs every key with the S3 client alone, `concurrency` at a time: the most any reader of these blobs could do. */
async function getAll(objects: S3ObjectStore, keys: string[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const body = await objects.get(keys[next++]);
      Buffer.concat(await body!.toArray());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * B6, source part: a version's source zip from the store (blobs fetched from S3, cold and with the blob cache
 * warm) beside `zip -r` of the same files on local disk, measured in the same run. Beside the cold zip, the
 * store's own limit: raw S3 GETs of the same blobs at the zip's read-ahead concurrency (no FileStore, no zip),
 * since a cold zip cannot be faster than its GETs.
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
      const keys = Object.values(await store.manifest(id, 1)).map((e) => blobKey(id, e.sha256));
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
        // Cold: a fresh blob cache each time, so every blob comes from S3.
        const [cold, raw, zipped] = await timeTakingTurns(N, [
          () => consume(new FileStore(db, new BlobStore(objects), DEFAULT_FILE_LIMITS)),
          () => getAll(objects, keys, ZIP_READ_AHEAD.concurrency),
          zipRun,
        ]);
        const warmStore = new FileStore(db, new BlobStore(objects), DEFAULT_FILE_LIMITS);
        const warm = await timeIt(N, () => consume(warmStore));
        const reference = { name: 'zip -r', stats: stats(zipped) };
        const limit = { name: `S3 GETs alone (${keys.length}, ${ZIP_READ_AHEAD.concurrency} at a time)`, stats: stats(raw) };
        rows.push({ figure: `B6 source zip, ${label}, cold (S3)`, stats: stats(cold), reference, bar: '≤ 2× zip' });
        rows.push({ figure: `B6 store limit, ${label}: S3 GETs alone`, stats: limit.stats, reference });
        rows.push({ figure: `B6 source zip, ${label}, cold, against the store`, stats: stats(cold), reference: limit });
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
