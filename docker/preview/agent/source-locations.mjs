// Where each element of the page is written, for edits on the page (docs/ARCHITECTURE.md "Edits on the page: the preview's side").
// In the dev server only: project modules get a wrapped `react/jsx-dev-runtime` whose jsxDEV reads the source
// position the development JSX transform (Vite's Oxc) passes as its 5th argument ({fileName, lineNumber, columnNumber}:
// the module's absolute path, a 1-based line and the 1-based UTF-16 column of the `<`). A host element
// (a string type) gets it as an attribute; a component element's props object is remembered with it, so the
// page's bridge can name the places the components around an element are rendered from. A static build
// (build.mjs) compiles JSX with the production runtime and never loads this plugin: it carries no marker.

/** Kept equal to libs/contracts/src/page-edits.ts SOURCE_LOCATION_ATTRIBUTE (the image cannot import our TypeScript). */
export const SOURCE_LOCATION_ATTRIBUTE = 'data-studio-loc';
/** The window global that maps a component element's props object to where it is rendered from (page-bridge.mjs reads it). */
export const OWNERS_GLOBAL = '__studioOwners';

const RUNTIME = 'react/jsx-dev-runtime';
const WRAPPER = '\0studio-jsx-dev-runtime';

/**
 * The wrapped jsxDEV. It runs in the page, built from its source text (wrapperModule), so it refers to nothing
 * but its parameters. React gets the caller's arguments; a host element's props are a copy with the location
 * added (the caller's object is left as it was).
 * @param {(...args: unknown[]) => unknown} jsxDEV React's own
 * @param {string} root the project's root folder, absolute, as Vite knows it
 * @param {WeakMap<object, string>} owners component props → `path:line:column`
 * @param {string} attribute the attribute host elements get
 */
export function createJsxDev(jsxDEV, root, owners, attribute) {
  const prefix = `${root}/`;
  const locate = (source) =>
    source && typeof source.fileName === 'string' && source.fileName.startsWith(prefix) && source.lineNumber > 0 && source.columnNumber > 0
      ? `${source.fileName.slice(prefix.length)}:${source.lineNumber}:${source.columnNumber}`
      : null;
  return function studioJsxDEV(type, props, key, isStatic, source, self) {
    const at = locate(source);
    if (at !== null && props !== null && typeof props === 'object') {
      if (typeof type === 'string') return jsxDEV(type, { ...props, [attribute]: at }, key, isStatic, source, self);
      owners.set(props, at);
    }
    return jsxDEV(type, props, key, isStatic, source, self);
  };
}

/** The page module that stands in for `react/jsx-dev-runtime` in project modules; it imports the real one (pre-bundled). */
export function wrapperModule(root) {
  return `import { Fragment, jsxDEV as reactJsxDEV } from '${RUNTIME}';
const createJsxDev = ${createJsxDev.toString()};
const owners = (globalThis[${JSON.stringify(OWNERS_GLOBAL)}] ??= new WeakMap());
export { Fragment };
export const jsxDEV = createJsxDev(reactJsxDEV, ${JSON.stringify(root)}, owners, ${JSON.stringify(SOURCE_LOCATION_ATTRIBUTE)});
`;
}

/** A module the project wrote (not a package, not a module of Vite's or of ours). */
export const isProjectModule = (/** @type {string | undefined} */ importer, /** @type {string} */ root) =>
  typeof importer === 'string' && importer.startsWith(`${root}/`) && !importer.includes('/node_modules/');

/** The Vite plugin (dev server only). */
export function sourceLocationsPlugin() {
  let root = '';
  return {
    name: 'studio:source-locations',
    apply: /** @type {const} */ ('serve'),
    enforce: /** @type {const} */ ('pre'),
    configResolved(config) {
      root = config.root;
    },
    resolveId: (id, importer) => (id === RUNTIME && isProjectModule(importer, root) ? WRAPPER : null),
    load: (id) => (id === WRAPPER ? wrapperModule(root) : null),
  };
}
