// The SVG sanitiser's thread (see svg.ts for why a thread): parses one document as strict XML, sanitises it with
// DOMPurify on a jsdom window, strips what reaches outside the document, and answers with the serialised SVG.
// Plain JavaScript because a worker thread runs what Node can load as it is.
import { parentPort } from 'node:worker_threads';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';

const SVG_NS = 'http://www.w3.org/2000/svg';
// A same-document reference, or an inline raster image: the only things an href may point at.
const SAFE_HREF = /^\s*(#\S*|data:image\/(png|jpeg|webp|gif);base64,[a-z0-9+/=\s]*)$/i;
// A CSS url() of anything but a fragment, a CSS @import, and CSS escapes (which could spell either out).
const CSS_REACHES_OUT = /url\(\s*['"]?\s*(?!#)|@import|\\/i;
const CDATA_SECTION_NODE = 4;
const SHOW_CDATA_AND_PI = 0x8 | 0x40;

const { window } = new JSDOM('');
const purify = createDOMPurify(window);
purify.addHook('uponSanitizeAttribute', (_node, data) => {
  const name = data.attrName.toLowerCase();
  if (name === 'href' || name === 'xlink:href') {
    data.keepAttr = SAFE_HREF.test(data.attrValue);
    // DOMPurify's own URI check would drop the data: images allowed above; ours is the stricter one.
    data.forceKeepAttr = data.keepAttr || undefined;
  } else if ((name === 'style' || /url\(/i.test(data.attrValue)) && CSS_REACHES_OUT.test(data.attrValue)) {
    data.keepAttr = false;
  }
});
purify.addHook('uponSanitizeElement', (node) => {
  // A <style> that reaches outside loses its rules; the shapes keep their own attributes.
  if (node.nodeName.toLowerCase() === 'style' && CSS_REACHES_OUT.test(node.textContent ?? '')) node.textContent = '';
});

// A length in user units: unitless or px. Percentages and other units say nothing about pixels.
const pixels = (value) => {
  const m = value?.trim().match(/^(\d+(?:\.\d+)?)(?:px)?$/);
  return m ? Math.round(Number(m[1])) : undefined;
};

/** Pixel size from width/height, else the viewBox; nothing when neither says. */
function sizeOf(svg) {
  const width = pixels(svg.getAttribute('width'));
  const height = pixels(svg.getAttribute('height'));
  if (width && height) return { width, height };
  const box = (svg.getAttribute('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  if (box.length === 4 && box.every(Number.isFinite) && box[2] > 0 && box[3] > 0) return { width: Math.round(box[2]), height: Math.round(box[3]) };
  return {};
}

function sanitize(text) {
  const doc = new window.DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName === 'parsererror' || root.getElementsByTagName('parsererror').length > 0) return { ok: false, reason: 'it is not well-formed XML' };
  if (root.localName !== 'svg' || root.namespaceURI !== SVG_NS) return { ok: false, reason: `its root element is not <svg xmlns="${SVG_NS}">` };
  // DOMPurify imports the tree into an HTML document, which cannot hold CDATA sections or processing instructions.
  const odd = [];
  const walker = doc.createTreeWalker(root, SHOW_CDATA_AND_PI);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) odd.push(node);
  for (const node of odd) {
    if (node.nodeType === CDATA_SECTION_NODE) node.parentNode.replaceChild(doc.createTextNode(node.data), node);
    else node.parentNode.removeChild(node);
  }
  const body = purify.sanitize(root, {
    USE_PROFILES: { svg: true, svgFilters: true },
    // <use> is out of DOMPurify's profile for its external references; the href hook lets it point inside only.
    ADD_TAGS: ['use'],
    FORBID_TAGS: ['script', 'foreignObject', 'foreignobject'],
    RETURN_DOM: true,
  });
  const clean = body.firstElementChild;
  if (!clean || clean.localName !== 'svg') return { ok: false, reason: 'nothing of it is left once sanitised' };
  return { ok: true, svg: new window.XMLSerializer().serializeToString(clean), ...sizeOf(clean) };
}

parentPort?.on('message', ({ id, text }) => {
  let answer;
  try {
    answer = sanitize(text);
  } catch (error) {
    answer = { ok: false, reason: `it cannot be parsed (${error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : 'unknown error'})` };
  }
  parentPort?.postMessage({ id, ...answer });
});
