// A page that loaded before a batch of files arrived must not go on showing the files it loaded. Vite's HMR
// reaches only the pages whose socket is open when the batch lands; a page between its HTML and its socket
// hears nothing. That is the usual case at a start: the client opens the preview while the warm instance still
// serves its stand-in page, the project's files land while that page loads its modules, and the person would
// look at "Starting…" until they reloaded by hand. So the HTML carries the generation of the files it was
// served at, the page says it once its socket is up, and a page older than the files is told to reload.

const FRESH_MODULE = '\0studio-fresh-page';
const META = 'studio-generation';

/** @param {() => number} generation how many batches that changed a file the dev server has been told of */
export function freshPagePlugin(generation) {
  return {
    name: 'studio:fresh-page',
    apply: /** @type {const} */ ('serve'),
    /** @param {string} id */
    resolveId: (id) => (id === '/@studio/fresh-page' ? FRESH_MODULE : null),
    /** @param {string} id */
    load(id) {
      if (id !== FRESH_MODULE) return null;
      return `
const served = Number(document.querySelector('meta[name="${META}"]')?.content);
if (Number.isInteger(served)) import.meta.hot?.send('studio:page-generation', { served });
`;
    },
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { name: META, content: String(generation()) }, injectTo: /** @type {const} */ ('head-prepend') },
      { tag: 'script', attrs: { type: 'module', src: '/@studio/fresh-page' }, injectTo: /** @type {const} */ ('head-prepend') },
    ],
    configureServer(server) {
      server.environments.client.hot.on('studio:page-generation', (data, client) => {
        if (Number(data?.served) < generation()) client.send({ type: 'full-reload', path: '*' });
      });
    },
  };
}
