import { type DefaultTreeAdapterTypes, parse } from 'parse5';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** What a test reads from a page's head: the title, a meta tag's content (by name or property), a link's href (by rel). */
export interface HeadTags {
  title: string | undefined;
  meta(key: string): string | undefined;
  link(rel: string): string | undefined;
  /** How many elements match, to check that tags are not duplicated. */
  count(tagName: string, attribute: string, value: string): number;
}

export function headTags(html: string): HeadTags {
  const elements: Element[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node) elements.push(node);
    if ('childNodes' in node) for (const child of node.childNodes) walk(child);
  };
  walk(parse(html));
  const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
  const title = elements.find((el) => el.tagName === 'title');
  return {
    title: title?.childNodes.map((n) => ('value' in n ? n.value : '')).join(''),
    meta: (key) => {
      const found = elements.find((el) => el.tagName === 'meta' && (attr(el, 'name') === key || attr(el, 'property') === key));
      return found ? attr(found, 'content') : undefined;
    },
    link: (rel) => {
      const found = elements.find((el) => el.tagName === 'link' && attr(el, 'rel') === rel);
      return found ? attr(found, 'href') : undefined;
    },
    count: (tagName, attribute, value) => elements.filter((el) => el.tagName === tagName && attr(el, attribute) === value).length,
  };
}
