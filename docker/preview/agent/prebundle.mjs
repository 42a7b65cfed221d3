// Run once while the image is built (Dockerfile RUN): starts Vite over the placeholder project so its
// dependency pre-bundle lands in /work/.vite inside the image. A container's work volume starts as a copy
// of the image's /work, so no preview pays for the pre-bundle again: that saves about a second of start
// and a few hundred MB of memory that the bundler would keep for the life of the dev server.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyBatch, readTree } from './files.mjs';
import { startVite } from './vite-server.mjs';

const workDir = process.env.WORK_DIR ?? '/work';
const port = 5173;
const placeholder = join(dirname(fileURLToPath(import.meta.url)), '..', 'placeholder');
await applyBatch(workDir, { version: null, replace: true, writes: await readTree(placeholder), deletes: [] });
const vite = await startVite({ workDir, port, host: '127.0.0.1', allowedHosts: [], publish: () => undefined });
// Asking for the entry makes Vite wait for the optimized dependencies before it answers.
const res = await fetch(`http://127.0.0.1:${port}/src/main.tsx`, { headers: { host: `localhost:${port}` } });
if (!res.ok) throw new Error(`prebundle: /src/main.tsx answered ${res.status}`);
await res.text();
await vite.close();
process.stdout.write('dependencies pre-bundled\n');
