// The page's side of edits on the page (docs/ARCHITECTURE.md "Edits on the page: the preview's side"): a small module the dev
// server adds to the preview's index.html. It speaks the postMessage protocol of libs/contracts/src/page-edits.ts
// with the app that frames the preview, and only with it: messages are taken only from window.parent with the
// app's origin (STUDIO_APP_ORIGIN), and posted only to that origin. Without STUDIO_APP_ORIGIN it is not added.

import { OWNERS_GLOBAL, SOURCE_LOCATION_ATTRIBUTE } from './source-locations.mjs';

/** Kept equal to libs/contracts/src/page-edits.ts PAGE_EDIT_CHANNEL. */
export const PAGE_EDIT_CHANNEL = 'studio:page-edit';
const BRIDGE_MODULE = '\0studio-page-bridge';
const BRIDGE_PATH = '/@studio/page-bridge';

/**
 * Runs in the page, built from its source text (bridgeModule), so it refers to nothing but its parameters.
 * @param {{ appOrigin: string, channel: string, attribute: string, ownersGlobal: string }} config
 * @param {{ on(event: string, listener: () => void): void } | undefined} hot Vite's HMR client (import.meta.hot)
 */
export function pageBridge(config, hot) {
  const { appOrigin, channel, attribute, ownersGlobal } = config;
  const parent = window.parent;
  if (!appOrigin || parent === window) return;
  // Nothing is posted until the parent is known to be the app: posting to a parent of another origin (the
  // app opened at another address, a page framing the preview) would only log an error in its console. The
  // frame's ancestor origin says so where the browser tells it (Chromium; hidden under the app's no-referrer
  // policy in some), else the app's own first message does.
  let trusted = location.ancestorOrigins?.[0] === appOrigin;
  const post = (message) => trusted && parent.postMessage({ channel, ...message }, appOrigin);
  const HOVER = 'data-studio-hover';
  const EDITING = 'data-studio-editing';
  const ATTRIBUTES = ['src', 'alt', 'href'];
  const style = document.createElement('style');
  style.textContent = `[${HOVER}]{outline:2px dashed #6366f1!important;outline-offset:2px!important;cursor:pointer!important}[${EDITING}]{outline:2px solid #6366f1!important;outline-offset:2px!important;cursor:text!important}`;

  let on = false;
  /** @type {Element | null} */
  let hovered = null;
  /** @type {{ element: HTMLElement, nodes: ChildNode[], texts: (string | null)[], before: string } | null} */
  let editing = null;
  /** Edits sent and not answered yet: put back as they were on a refusal. */
  const sent = new Map();

  const parse = (value) => {
    const match = /^(.+):(\d+):(\d+)$/.exec(value ?? '');
    return match ? { path: match[1], line: Number(match[2]), column: Number(match[3]) } : null;
  };
  const locationOf = (element) => parse(element.getAttribute(attribute));
  // The components that made an element, nearest first, and for each the place its own element was created
  // (the props object the wrapped jsxDEV remembered). React's development build records, on each fiber, the
  // component whose render created it (`_debugOwner`): following that chain, rather than the tree's parents
  // (`.return`), leaves out the wrappers and providers an element is merely nested in, whose call sites never
  // pass its text. Without it (another React), the parents are the fallback.
  const ownerOf = (fiber) => (fiber._debugOwner !== undefined ? fiber._debugOwner : fiber.return);
  const ownersOf = (element) => {
    const registry = window[ownersGlobal];
    const key = Object.keys(element).find((k) => k.startsWith('__reactFiber$'));
    const found = [];
    const seen = new Set();
    for (let fiber = key ? element[key] : null; fiber && found.length < 32; fiber = ownerOf(fiber)) {
      if (!registry || typeof fiber.type === 'string' || fiber.memoizedProps === null || typeof fiber.memoizedProps !== 'object') continue;
      const at = registry.get(fiber.memoizedProps);
      const location = at ? parse(at) : null;
      if (location && !seen.has(at)) {
        seen.add(at);
        found.push(location);
      }
    }
    return found;
  };
  const isLeafText = (element) => element.childElementCount === 0 && (element.textContent ?? '').trim() !== '';
  const describe = (element, text) => {
    const attributes = {};
    for (const name of ATTRIBUTES) if (element.hasAttribute(name)) attributes[name] = element.getAttribute(name);
    return { location: locationOf(element), owners: ownersOf(element), tag: element.tagName.toLowerCase(), text, attributes };
  };

  const setHovered = (element) => {
    if (hovered === element) return;
    hovered?.removeAttribute(HOVER);
    hovered = element;
    hovered?.setAttribute(HOVER, '');
  };

  // The text nodes React made are put back (the same nodes, so React keeps updating them): the edited text
  // shows in the one text node until the hot update brings the same text from the source.
  const restore = (state, text) => {
    state.element.replaceChildren(...state.nodes);
    state.nodes.forEach((node, i) => {
      if (state.texts[i] !== null) node.textContent = state.texts[i];
    });
    const onlyText = state.nodes.length === 1 && state.texts[0] !== null;
    if (onlyText && text !== undefined) state.nodes[0].textContent = text;
  };
  const finishEditing = () => {
    const state = editing;
    if (!state) return null;
    editing = null;
    state.element.removeAttribute('contenteditable');
    state.element.removeAttribute(EDITING);
    state.element.removeEventListener('keydown', onKeyDown);
    state.element.removeEventListener('blur', onBlur);
    return state;
  };
  const commit = () => {
    const state = finishEditing();
    if (!state) return;
    // Chromium types a space next to another (or at the end) as a no-break space: unless the text already had
    // one, the person typed spaces.
    const typed = state.element.textContent ?? '';
    const after = state.before.includes('\u00a0') ? typed : typed.replace(/\u00a0/g, ' ');
    restore(state, after);
    if (after === state.before) return;
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    sent.set(id, state);
    post({ type: 'text-edited', id, element: describe(state.element, state.before), before: state.before, after });
  };
  const cancel = () => {
    const state = finishEditing();
    if (state) restore(state);
  };
  function onKeyDown(event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    }
  }
  function onBlur() {
    commit();
  }
  const startEditing = (element) => {
    const nodes = [...element.childNodes];
    editing = { element, nodes, texts: nodes.map((n) => (n.nodeType === Node.TEXT_NODE ? n.textContent : null)), before: element.textContent ?? '' };
    setHovered(null);
    element.setAttribute(EDITING, '');
    element.setAttribute('contenteditable', 'plaintext-only');
    element.addEventListener('keydown', onKeyDown);
    element.addEventListener('blur', onBlur);
    element.focus();
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  };

  const onMouseOver = (event) => {
    if (!on || editing) return;
    const target = event.target instanceof Element ? event.target.closest(`[${attribute}]`) : null;
    setHovered(target);
  };
  const onClick = (event) => {
    if (!on || !(event.target instanceof Element)) return;
    // A click inside the text being edited moves the caret (on mousedown) and does nothing else: the page's own
    // handlers (a button's onClick) and a link around it are kept out.
    if (editing && editing.element.contains(event.target)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    // In edit mode a click chooses; links do not navigate and buttons do not act.
    event.preventDefault();
    event.stopPropagation();
    if (editing) commit();
    const image = event.target.closest(`img[${attribute}]`);
    const link = event.target.closest(`a[${attribute}]`);
    const element = event.target.closest(`[${attribute}]`);
    if (image) {
      post({ type: 'picked', element: describe(image, null) });
      return;
    }
    // A link's text is edited in place like any leaf text; its target goes to the client's form.
    if (element && isLeafText(element)) startEditing(element);
    if (link) post({ type: 'picked', element: describe(link, isLeafText(link) ? (link.textContent ?? '') : null) });
  };
  const setMode = (next) => {
    if (on === next) return;
    on = next;
    if (on) document.head.append(style);
    else {
      cancel();
      setHovered(null);
      style.remove();
    }
  };

  window.addEventListener('message', (event) => {
    if (event.source !== parent || event.origin !== appOrigin) return;
    const message = event.data;
    if (!message || typeof message !== 'object' || message.channel !== channel) return;
    if (!trusted) {
      trusted = true;
      post({ type: 'ready' });
    }
    if (message.type === 'edit-mode') setMode(message.on === true);
    else if (message.type === 'edit-result' && typeof message.id === 'string') {
      const state = sent.get(message.id);
      sent.delete(message.id);
      if (state && message.ok !== true) restore(state, state.before);
    }
  });
  document.addEventListener('mouseover', onMouseOver, true);
  document.addEventListener('click', onClick, true);
  // A submit or an auxiliary click on a link would leave the page too.
  // Stopped at the document, before React's listener on its root sees it: a form's onSubmit does not run either.
  const hold = (event) => {
    if (!on) return;
    event.preventDefault();
    event.stopPropagation();
  };
  document.addEventListener('submit', hold, true);
  document.addEventListener('auxclick', hold, true);
  post({ type: 'ready' });
  hot?.on('vite:afterUpdate', () => post({ type: 'ready' }));
}

/** The page module: the bridge with the app's origin. */
export function bridgeModule(appOrigin) {
  const config = { appOrigin, channel: PAGE_EDIT_CHANNEL, attribute: SOURCE_LOCATION_ATTRIBUTE, ownersGlobal: OWNERS_GLOBAL };
  return `(${pageBridge.toString()})(${JSON.stringify(config)}, import.meta.hot);\n`;
}

/** The origin the client is served from, or null when STUDIO_APP_ORIGIN is missing or not an http(s) origin. */
export function appOriginOf(/** @type {string | undefined} */ value) {
  if (!value) return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value ? url.origin : null;
  } catch {
    return null;
  }
}

/** The Vite plugin (dev server only): adds the bridge to index.html when the app's origin is known. */
export function pageBridgePlugin(/** @type {string | null} */ appOrigin) {
  return {
    name: 'studio:page-bridge',
    apply: /** @type {const} */ ('serve'),
    resolveId: (id) => (appOrigin && id === BRIDGE_PATH ? BRIDGE_MODULE : null),
    load: (id) => (appOrigin && id === BRIDGE_MODULE ? bridgeModule(appOrigin) : null),
    transformIndexHtml: () => (appOrigin ? [{ tag: 'script', attrs: { type: 'module', src: BRIDGE_PATH }, injectTo: /** @type {const} */ ('head') }] : []),
  };
}
