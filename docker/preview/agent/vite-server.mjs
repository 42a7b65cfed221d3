// Vite's dev server, in the agent's process, with the preview's own configuration: no build configuration of
// the project's is loaded (PINNED_CONFIG: loading it would run project code in Node). File watching is off: the agent is the only writer and tells Vite itself, which
// is both faster than inotify + chokidar and exact.

import { readFileSync } from 'node:fs';
import { readlink, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { projectDir } from './files.mjs';
import { formSandboxPlugin } from './form-sandbox.mjs';
import { freshPagePlugin } from './fresh-page.mjs';
import { pageBridgePlugin } from './page-bridge.mjs';
import { sourceLocationsPlugin } from './source-locations.mjs';

/** @typedef {(event: import('../../../libs/containers/src/agent-protocol.js').AgentEventBody) => void} Publish what the agent sends the worker (agent-protocol.ts) */

const here = dirname(fileURLToPath(import.meta.url));
// The packages live beside the agent (the image's /opt/preview/node_modules), not in the project.
const requireFromImage = createRequire(join(here, '..', 'package.json'));
const imagePackage = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));

const imageModules = join(here, '..', 'node_modules');

export async function linkModules(workDir) {
  const link = join(workDir, 'node_modules');
  const current = await readlink(link).catch(() => null);
  if (current === imageModules) return;
  await rm(link, { force: true, recursive: true });
  await symlink(imageModules, link, 'dir');
}

export async function importFromImage(name) {
  return import(requireFromImage.resolve(name));
}

// Pre-bundled at start so a page never waits on dependency discovery (and never triggers the reload that a
// newly discovered dependency causes). Only the image's packages may be imported at all.
const OPTIMIZED = ['react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom', 'react-dom/client'];
// tailwindcss is imported by the project's CSS and runs in the dev server, never in the page.
const CSS_ONLY = new Set(['tailwindcss']);
for (const name of Object.keys(imagePackage.dependencies ?? {})) if (!OPTIMIZED.includes(name) && !CSS_ONLY.has(name)) OPTIMIZED.push(name);

const ERRORS_MODULE = '\0studio-errors';

/**
 * Reports the page's runtime errors (window.onerror, unhandled rejections) to the dev server over the HMR
 * websocket the page already has, so they need no other channel out of the preview.
 * @param {Publish} publish
 */
function runtimeErrorsPlugin(publish) {
  return {
    name: 'studio:runtime-errors',
    apply: 'serve',
    resolveId: (id) => (id === '/@studio/errors' ? ERRORS_MODULE : null),
    load(id) {
      if (id !== ERRORS_MODULE) return null;
      return `
const send = (kind, error, fallback) => {
  const stack = String(error?.stack ?? '');
  const at = stack.match(/\\((?:https?:\\/\\/[^/]+)?\\/([^?:)]+)[^:)]*:(\\d+):(\\d+)\\)/) ?? stack.match(/@(?:https?:\\/\\/[^/]+)?\\/([^?:]+)[^:]*:(\\d+):(\\d+)/);
  import.meta.hot?.send('studio:runtime-error', {
    kind,
    message: String(error?.message ?? fallback ?? error).slice(0, 2000),
    file: at ? at[1] : undefined,
    line: at ? Number(at[2]) : undefined,
  });
};
window.addEventListener('error', (e) => send('error', e.error, e.message));
window.addEventListener('unhandledrejection', (e) => send('unhandledrejection', e.reason));
`;
    },
    transformIndexHtml: () => [{ tag: 'script', attrs: { type: 'module', src: '/@studio/errors' }, injectTo: 'head-prepend' }],
    configureServer(server) {
      server.environments.client.hot.on('studio:runtime-error', (data) => {
        publish({ type: 'runtime-error', message: String(data?.message ?? ''), file: data?.file, line: data?.line, kind: data?.kind });
      });
    },
  };
}

const ASSET_REFRESH_MODULE = '\0studio-asset-refresh';

/**
 * A replaced or removed file under public/ (an uploaded image) is in no module graph, so Vite's HMR would
 * leave the page showing the old bytes. This sends the page the file's URL instead: images that show it load
 * it again (a cache-busting query); otherwise (a CSS background, or not shown at all) the page reloads.
 */
function publicAssetsPlugin() {
  return {
    name: 'studio:public-assets',
    apply: 'serve',
    resolveId: (id) => (id === '/@studio/asset-refresh' ? ASSET_REFRESH_MODULE : null),
    load(id) {
      if (id !== ASSET_REFRESH_MODULE) return null;
      return `
import.meta.hot?.on('studio:asset-changed', ({ url }) => {
  const stamp = '?t=' + Date.now();
  const uses = (value) => typeof value === 'string' && value.split(/[\\s,]+/).some((part) => new URL(part, location.href).pathname === url);
  const shown = [...document.querySelectorAll('img, source')].filter((el) => uses(el.getAttribute('src')) || uses(el.getAttribute('srcset')));
  if (!shown.length) { location.reload(); return; }
  for (const el of shown) {
    if (el.getAttribute('src')) el.setAttribute('src', url + stamp);
    if (el.getAttribute('srcset')) el.setAttribute('srcset', el.getAttribute('srcset').replaceAll(url, url + stamp));
  }
});
`;
    },
    transformIndexHtml: () => [{ tag: 'script', attrs: { type: 'module', src: '/@studio/asset-refresh' }, injectTo: 'head-prepend' }],
    hotUpdate({ file, type }) {
      const publicDir = this.environment.config.publicDir;
      if (this.environment.name !== 'client' || !publicDir || !file.startsWith(`${publicDir}/`) || type === 'create') return;
      this.environment.hot.send({ type: 'custom', event: 'studio:asset-changed', data: { url: file.slice(publicDir.length) } });
      return [];
    },
  };
}

/**
 * Some transforms put the position only in the message text, as `file:line:column`; take the
 * first position given for the failing file, else any.
 */
function lineIn(text, file) {
  const escaped = file ? String(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : null;
  const match = (escaped && new RegExp(`${escaped}:(\\d+)(?::\\d+)?`).exec(text)) || /:(\d+):\d+\b/.exec(text);
  return match ? Number(match[1]) : undefined;
}

const DEFAULT_EXPORT = /export\s+default\s+(?:async\s+)?(?:function\s*\*?\s*([A-Za-z_$][\w$]*)|class\s+([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*)\s*;)/;
const defaultExportName = (code) => {
  const m = DEFAULT_EXPORT.exec(code);
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
};

/**
 * React Fast Refresh keeps a component's state across edits by matching it by name: when a file's default
 * export is renamed (the model rewrites `HeroCentered` as `Hero`), the new component is a stranger and the
 * page keeps showing the old one. So when the name changes, the files that import it are updated too: they
 * run again, pick up the new component, and the page shows it (no reload).
 */
function renamedComponentsPlugin() {
  const names = new Map();
  return {
    name: 'studio:renamed-components',
    apply: 'serve',
    transform(code, id) {
      if (/\.[jt]sx$/.test(id)) names.set(id.split('?')[0], defaultExportName(code));
      return null;
    },
    async hotUpdate({ file, modules, read }) {
      if (!/\.[jt]sx$/.test(file) || !names.has(file)) return;
      const next = defaultExportName(await read());
      if (next === names.get(file)) return;
      names.set(file, next);
      const importers = modules.flatMap((m) => [...m.importers]);
      return [...new Set([...modules, ...importers])];
    },
  };
}

/**
 * What Vite tells the page (update, full-reload, error) is what the worker wants to know too.
 * @param {Publish} publish
 * @param {string} root
 */
function relayHmr(server, publish, root) {
  // Files as the project knows them: relative to its root.
  const relative = (file) => (typeof file === 'string' && file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file);
  const hot = server.environments.client.hot;
  const send = hot.send.bind(hot);
  hot.send = (payload, ...rest) => {
    if (payload && typeof payload === 'object') {
      if (payload.type === 'update') publish({ type: 'update', paths: payload.updates.map((u) => u.path) });
      else if (payload.type === 'full-reload') publish({ type: 'full-reload', path: payload.path });
      else if (payload.type === 'error') {
        const err = payload.err ?? {};
        // Oxc's diagnostics are drawn with terminal colours whatever NO_COLOR says: the person and the model read plain text.
        const message = stripVTControlCharacters(String(err.message ?? ''));
        const frame = err.frame === undefined ? undefined : stripVTControlCharacters(String(err.frame));
        publish({ type: 'error', message: message.slice(0, 4000), file: relative(err.loc?.file ?? err.id), line: err.loc?.line ?? lineIn(`${message}\n${frame ?? ''}`, err.id), frame });
      }
    }
    return send(payload, ...rest);
  };
}

/**
 * The configuration the dev server and the static build share, pinned so that nothing the project holds is
 * loaded as build configuration (README "The pinned build"): the protected-file rule keeps such files out of
 * the store, and this makes one that got in anyway (written before the rule, or past it) run nothing.
 */
export const PINNED_CONFIG = {
  // The project's vite.config.* is not loaded.
  configFile: false,
  // No .env* files: nothing of the project's reaches the config or import.meta.env.
  envDir: false,
  // An inline PostCSS config, so Vite does not search for postcss.config.*, .postcssrc* or package.json#postcss.
  // (No browserslist is read either: Vite's targets are its own, Tailwind's lightningcss targets are fixed.)
  css: { postcss: {} },
};

// Tailwind's @plugin and @config directives load a JS module in Node. @tailwindcss/node asks this global hook
// before it imports one; refusing there refuses both, whichever stylesheet (or @import) holds them.
function refuseTailwindModules() {
  globalThis.__tw_load = (url) => {
    const file = String(url)
      .split('?')[0]
      .replace(/^file:\/\//, '');
    throw new Error(`Tailwind's @plugin and @config are not supported in this project: the preview loads no project code in Node (${file}).`);
  };
}

/**
 * How a page is compiled, the same in the dev server and in a static build: React and Tailwind. The React plugin
 * is Vite's own (JSX and Fast Refresh through Vite's built-in Oxc), not the SWC one: SWC's native addon is a
 * 31 MB file it unpacks into the user's cache before it loads, which made every preview's work volume a 38 MB
 * copy at start (docs/BENCHMARKS.md B3).
 */
export async function pagePlugins() {
  refuseTailwindModules();
  const { default: react } = await importFromImage('@vitejs/plugin-react');
  const { default: tailwindcss } = await importFromImage('@tailwindcss/vite');
  return [react(), tailwindcss()];
}

/**
 * @param {{ workDir: string, port: number, host: string, allowedHosts: string[], publish: Publish, appOrigin?: string | null }} options
 * `appOrigin`: the client's origin (STUDIO_APP_ORIGIN), the only one the page's edit bridge talks to; none, no bridge.
 */
export async function startVite({ workDir, port, host, allowedHosts, publish, appOrigin = null }) {
  const { createServer } = await importFromImage('vite');
  const root = projectDir(workDir);
  // The project resolves the image's packages through WORK_DIR/node_modules, a link one level above it,
  // so the project's own file listing never contains it.
  await linkModules(workDir);
  // Batches that changed a file since Vite started: a page served at an older generation is reloaded (fresh-page.mjs).
  let generation = 0;
  const server = await createServer({
    ...PINNED_CONFIG,
    root,
    cacheDir: join(workDir, '.vite'),
    logLevel: 'warn',
    clearScreen: false,
    plugins: [
      ...(await pagePlugins()),
      runtimeErrorsPlugin(publish),
      renamedComponentsPlugin(),
      publicAssetsPlugin(),
      freshPagePlugin(() => generation),
      formSandboxPlugin(),
      // Edits on the page: source locations on elements and the page's bridge, in the dev server only.
      sourceLocationsPlugin(),
      pageBridgePlugin(appOrigin),
    ],
    server: {
      host,
      port,
      strictPort: true,
      allowedHosts: allowedHosts.length ? allowedHosts : undefined,
      watch: null,
      fs: { strict: true, allow: [root, imageModules] },
    },
    optimizeDeps: { include: OPTIMIZED, noDiscovery: true },
  });
  relayHmr(server, publish, root);
  await server.listen();
  // Ready means the page answers, not that a port is open: one request through Vite's whole pipeline.
  const probe = await fetch(`http://127.0.0.1:${port}/`, { headers: { host: `localhost:${port}` } });
  await probe.arrayBuffer();

  return {
    filesChanged(changed) {
      if (changed.length) generation++;
      // With a page connected, the watcher's events make Vite send HMR updates. With none (a claim, a full
      // sync before anyone looks), Vite would keep a `full-reload` for the first page that connects and
      // reload it for nothing; there, only forget the changed modules so the next request transforms anew.
      if (server.ws.clients.size > 0) {
        for (const { abs, kind } of changed) server.watcher.emit(kind, abs);
        return;
      }
      // Except a file added to or removed from public/ (an uploaded asset): Vite serves public files from a set
      // it only updates on the watcher's add/unlink, so without the event a new image answers with the page's
      // HTML until a page connects. No module imports a public file, so the event buffers no reload.
      const publicDir = server.config.publicDir ? `${server.config.publicDir}/` : null;
      for (const { abs, kind } of changed) {
        if (publicDir && kind !== 'change' && abs.startsWith(publicDir)) server.watcher.emit(kind, abs);
      }
      for (const environment of Object.values(server.environments)) {
        for (const { abs, kind } of changed) {
          if (kind === 'unlink') environment.moduleGraph.onFileDelete?.(abs);
          else environment.moduleGraph.onFileChange(abs);
        }
      }
    },
    close: () => server.close(),
  };
}
