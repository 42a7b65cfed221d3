// A static build of WORK_DIR/project (an export of kind `static`): `vite build` with the preview's own plugins
// and the preview's pinned configuration (no project build configuration is loaded, as in the preview). Runs as the container's only process, with
// no network. Progress goes to stdout as JSON lines; a failed build prints Vite's error to stderr and exits 1.
import { join } from 'node:path';
import { projectDir } from './files.mjs';
import { importFromImage, linkModules, PINNED_CONFIG, pagePlugins } from './vite-server.mjs';

const workDir = process.env.WORK_DIR ?? '/work';
// The export's files go to their own folder (PROJECT_DIR), never over the image's placeholder project.
const root = process.env.PROJECT_DIR ?? projectDir(workDir);
const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

/** Counts modules as Vite transforms them and says when it renders and writes, so the worker can show progress. */
function progressPlugin() {
  let transformed = 0;
  let last = 0;
  return {
    name: 'studio:progress',
    transform() {
      transformed++;
      if (Date.now() - last > 200) {
        last = Date.now();
        say({ type: 'progress', phase: 'transform', transformed });
      }
      return null;
    },
    renderStart() {
      say({ type: 'progress', phase: 'render', transformed });
    },
    writeBundle() {
      say({ type: 'progress', phase: 'write', transformed });
    },
  };
}

try {
  await linkModules(workDir);
  const { build } = await importFromImage('vite');
  await build({
    ...PINNED_CONFIG,
    root,
    base: './',
    cacheDir: process.env.CACHE_DIR ?? join(workDir, '.vite-build'),
    logLevel: 'warn',
    clearScreen: false,
    plugins: [...(await pagePlugins()), progressPlugin()],
    build: { outDir: join(root, 'dist'), emptyOutDir: true, reportCompressedSize: false },
  });
  say({ type: 'done' });
} catch (err) {
  const where = err?.loc ? `${err.loc.file ?? err.id ?? ''}:${err.loc.line}:${err.loc.column}\n` : err?.id ? `${err.id}\n` : '';
  process.stderr.write(`${where}${err?.message ?? err}\n${err?.frame ?? ''}\n`);
  process.exit(1);
}
