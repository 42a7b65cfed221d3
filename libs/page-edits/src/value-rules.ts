import { type EditableAttribute, StudioError } from '@studio/contracts';

// Elements whose text may run over several lines; a heading, a button or a link is one line on the page.
const MULTI_LINE_TAGS = new Set(['p', 'li', 'blockquote']);
const LINE_BREAK = /[\r\n\u2028\u2029]/;

/** Refuses text the element cannot take (a line break where the page shows one line). */
export function checkText(tag: string, text: string): void {
  if (LINE_BREAK.test(text) && !MULTI_LINE_TAGS.has(tag)) {
    throw new StudioError('EDIT_VALUE_REFUSED', `A <${tag}> is one line: its text cannot hold a line break.`, { tag });
  }
}

// What a link may point at; an image's source is a page-relative path or a web address. Anything else with a
// scheme (javascript:, data:, vbscript:, file:) could run code or leak on a click, so it is refused.
const LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const IMAGE_SCHEMES = new Set(['http', 'https']);

/** Refuses an attribute value the page must not carry. */
export function checkAttribute(name: EditableAttribute, value: string): void {
  if (LINE_BREAK.test(value) || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new StudioError('EDIT_VALUE_REFUSED', `The ${name} cannot hold line breaks or control characters.`, { attribute: name });
  }
  if (name === 'alt') return;
  if (name === 'src' && !value.trim()) throw new StudioError('EDIT_VALUE_REFUSED', 'An image needs a source.', { attribute: name });
  // Browsers ignore leading white space and tabs or line breaks inside a scheme; both are refused above or trimmed here.
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(value.trim())?.[1].toLowerCase();
  if (scheme && !(name === 'href' ? LINK_SCHEMES : IMAGE_SCHEMES).has(scheme)) {
    throw new StudioError('EDIT_VALUE_REFUSED', `A ${name === 'href' ? 'link' : 'source'} to "${scheme}:" is not allowed.`, { attribute: name, scheme });
  }
}
