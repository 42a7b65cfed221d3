import { createDataSource } from '@studio/data';
import { blobKey, S3ObjectStore } from '@studio/files';
import { inBatches } from './scale-user.js';

export interface StoreReport {
  turnsByStatus: Record<string, number>;
  /** Error codes of failed turns, with counts. */
  failedCodes: Record<string, number>;
  versions: number;
  blobsRead: number;
  /** Each a broken promise, in words; empty when every one held. */
  problems: string[];
}

/**
 * What a scale-out run must leave in its database and bucket, read straight from them: every turn ended;
 * each completed turn has exactly one version (its own number) and no other turn has any; a project's
 * version numbers run 1..n with no gap; each turn's version holds the file the turn wrote; every file of every
 * version reads back from the store at its recorded size.
 */
export async function checkStore(env: Record<string, string>, expectPath: string): Promise<StoreReport> {
  const db = createDataSource(env.DATABASE_URL, { poolSize: 2, applicationName: 'studio-scale-check' });
  await db.initialize();
  const store = S3ObjectStore.fromEnvironment(env);
  const problems: string[] = [];
  try {
    const turns: { id: string; project_id: string; status: string; version: number | null; code: string | null }[] = await db.query(
      `SELECT id, project_id, status, version, error->>'code' AS code FROM turns`,
    );
    const versions: { project_id: string; number: number; turn_id: string | null; manifest: Record<string, { sha256: string; size: number }> }[] = await db.query(
      'SELECT project_id, number, turn_id, manifest FROM project_versions ORDER BY project_id, number',
    );
    const turnsByStatus: Record<string, number> = {};
    const failedCodes: Record<string, number> = {};
    for (const t of turns) {
      turnsByStatus[t.status] = (turnsByStatus[t.status] ?? 0) + 1;
      if (t.status === 'failed') failedCodes[t.code ?? 'none'] = (failedCodes[t.code ?? 'none'] ?? 0) + 1;
      if (t.status === 'queued' || t.status === 'running') problems.push(`turn ${t.id} is still ${t.status}`);
      if (t.status === 'failed' && !/^[A-Z][A-Z_]+$/.test(t.code ?? '')) problems.push(`turn ${t.id} failed without a code`);
    }

    const byTurn = new Map<string, typeof versions>();
    const byProject = new Map<string, number[]>();
    for (const v of versions) {
      byProject.set(v.project_id, [...(byProject.get(v.project_id) ?? []), v.number]);
      if (v.turn_id) byTurn.set(v.turn_id, [...(byTurn.get(v.turn_id) ?? []), v]);
    }
    for (const [project, numbers] of byProject) {
      if (numbers.some((n, i) => n !== i + 1)) problems.push(`project ${project} has versions ${numbers.join(',')}: not contiguous`);
    }
    for (const t of turns) {
      const own = byTurn.get(t.id) ?? [];
      if (t.status === 'completed') {
        if (own.length !== 1) problems.push(`completed turn ${t.id} has ${own.length} versions`);
        else if (own[0].number !== t.version) problems.push(`turn ${t.id} says version ${t.version}, its version is ${own[0].number}`);
        else if (!own[0].manifest[expectPath]) problems.push(`turn ${t.id}'s version ${own[0].number} lacks ${expectPath}: partial`);
      } else if (own.length) problems.push(`${t.status} turn ${t.id} has ${own.length} versions`);
    }

    // Blobs are per project and content-addressed: each distinct one read once.
    const blobs = new Map<string, { project: string; sha256: string; size: number }>();
    for (const v of versions) for (const e of Object.values(v.manifest)) blobs.set(`${v.project_id}/${e.sha256}`, { project: v.project_id, sha256: e.sha256, size: e.size });
    await inBatches([...blobs.values()], 16, async (b) => {
      const size = await store.size(blobKey(b.project, b.sha256));
      if (size !== b.size) problems.push(`blob ${b.sha256} of project ${b.project}: ${size === null ? 'missing' : `${size} bytes, not ${b.size}`}`);
    });
    return { turnsByStatus, failedCodes, versions: versions.length, blobsRead: blobs.size, problems };
  } finally {
    store.destroy();
    await db.destroy();
  }
}
