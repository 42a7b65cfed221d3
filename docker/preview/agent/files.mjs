// The project's working copy: batches of writes and deletes applied under WORK_DIR/project. Paths were
// validated by the worker already; they are checked again here so nothing can write outside the project.
import { access, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

export const projectDir = (workDir) => join(workDir, 'project');

function safePath(path) {
  if (typeof path !== 'string' || !path || path.length > 1024) throw new Error(`bad path: ${String(path).slice(0, 80)}`);
  const parts = path.split('/');
  if (path.startsWith('/') || path.includes('\\') || path.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`bad path: ${path}`);
  }
  return path;
}

/**
 * Checks the shape of a batch; throws a plain message the worker logs.
 * @param {Partial<import('../../../libs/containers/src/agent-protocol.js').AgentBatchBody> | null} body the PUT /files body, as the worker sends it (agent-protocol.ts)
 */
export function parseBatch(body) {
  if (!body || typeof body !== 'object') throw new Error('batch must be an object');
  const writes = Array.isArray(body.writes) ? body.writes : [];
  const deletes = Array.isArray(body.deletes) ? body.deletes : [];
  const renames = Array.isArray(body.renames) ? body.renames : [];
  return {
    renames: renames.map((r) => ({ from: safePath(r?.from), path: safePath(r?.path) })),
    version: Number.isInteger(body.version) ? body.version : null,
    replace: body.replace === true,
    writes: writes.map((w) => ({ path: safePath(w?.path), data: Buffer.from(String(w?.data ?? ''), 'base64') })),
    deletes: deletes.map(safePath),
  };
}

async function listFiles(root, dir = root, out = []) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOENT') return out;
    throw err;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await listFiles(root, full, out);
    else out.push(relative(root, full).split(sep).join('/'));
  }
  return out;
}

// Each write goes to `<name>.<8 hex digits>.tmp` first: a fixed 13 bytes more than the name, which the path rule
// leaves room for (libs/files/src/paths.ts AGENT_TEMP_SUFFIX_BYTES: names are at most 255 - 13 bytes; the
// worker's pinned-build.int-spec.ts writes a name of exactly that length through this agent).
let tmpCounter = 0;
const tempName = (abs) => `${abs}.${(tmpCounter++ % 0x100000000).toString(16).padStart(8, '0')}.tmp`;

/**
 * Applies a batch. Each file is written to a temporary name and renamed over the old one, so Vite never
 * reads half a file. `replace` makes the working copy exactly the batch (a full sync to a version).
 * Returns the absolute paths that changed, with what happened to each.
 */
export async function applyBatch(workDir, batch) {
  const root = projectDir(workDir);
  await mkdir(root, { recursive: true });
  const changed = [];
  const written = new Set([...batch.writes.map((w) => w.path), ...(batch.renames ?? []).map((r) => r.path)]);
  const deletes = new Set(batch.deletes);
  if (batch.replace) for (const path of await listFiles(root)) if (!written.has(path)) deletes.add(path);

  for (const { from, path } of batch.renames ?? []) {
    const abs = join(root, path);
    const existed = await access(abs).then(
      () => true,
      () => false,
    );
    await mkdir(dirname(abs), { recursive: true });
    await rename(join(root, from), abs);
    changed.push({ abs: join(root, from), kind: 'unlink' }, { abs, kind: existed ? 'change' : 'add' });
  }
  for (const path of deletes) {
    const abs = join(root, path);
    await rm(abs, { force: true });
    changed.push({ abs, kind: 'unlink' });
  }
  for (const { path, data } of batch.writes) {
    const abs = join(root, path);
    await mkdir(dirname(abs), { recursive: true });
    const current = await readFile(abs).catch(() => null);
    // A full sync resends every file: an identical one is left alone, so Vite hears only of real changes.
    if (current && current.equals(data)) continue;
    const existed = current !== null;
    const tmp = tempName(abs);
    await writeFile(tmp, data);
    await rename(tmp, abs);
    changed.push({ abs, kind: existed ? 'change' : 'add' });
  }
  return changed;
}

/** Every file under `dir` as a batch's writes (the warm placeholder). */
export async function readTree(dir) {
  const paths = await listFiles(dir);
  return Promise.all(paths.map(async (path) => ({ path, data: await readFile(join(dir, path)) })));
}
