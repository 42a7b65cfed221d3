/** The attributes of a `<code ...>` opening tag, with the variants models write (docs/OUTPUT_FORMAT.md). */
export interface CodeTag {
  path?: string;
  action?: string;
  to?: string;
  component?: string;
  selfClosing: boolean;
}

/** An opening tag longer than this is not one of ours: it is text. */
export const MAX_TAG = 2048;

// name = "value" | 'value' | bare-value; names are case-insensitive.
const ATTRIBUTE = /([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+))/g;
const PATH_NAMES = new Set(['path', 'file', 'filename']);

/** Parses the text of an opening tag, from `<code` to its `>`. */
export function parseCodeTag(tag: string): CodeTag {
  const out: CodeTag = { selfClosing: /\/\s*>$/.test(tag) };
  const inner = tag.slice('<code'.length, tag.length - 1);
  for (const m of inner.matchAll(ATTRIBUTE)) {
    const name = m[1].toLowerCase();
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (PATH_NAMES.has(name)) out.path ??= value;
    else if (name === 'action') out.action = value.toLowerCase();
    else if (name === 'to') out.to = value;
    else if (name === 'component') out.component = value;
  }
  return out;
}
