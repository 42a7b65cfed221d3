/** One of the project's assets as the model is told about it (the dynamic part of the prompt). */
export interface ContextAsset {
  /** What a page writes (`/assets/logo.png`). */
  url: string;
  kind: 'image' | 'font';
  width?: number;
  height?: number;
  /** The alt text the person gave; empty when there is none yet. */
  alt: string;
  /** Web-sized WebP copies (`/assets/logo-480w.webp` at 480 px wide). */
  variants: { url: string; width: number }[];
}

/** Past this many assets the list says how many more there are: a project with hundreds stays one short block. */
export const MAX_LISTED_ASSETS = 50;

/**
 * The `## Project assets` block: one line per asset, sorted by URL so the text (and its token count) only
 * changes when the assets do. Empty when the project has none: the static conventions then tell the model to
 * draw with CSS, inline SVG and icons.
 */
export function assetListing(assets: readonly ContextAsset[] | undefined): string {
  if (!assets?.length) return '';
  const sorted = [...assets].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const lines = sorted.slice(0, MAX_LISTED_ASSETS).map(assetLine);
  if (sorted.length > MAX_LISTED_ASSETS) lines.push(`- and ${sorted.length - MAX_LISTED_ASSETS} more`);
  return `## Project assets (files under public/assets/, written /assets/<file> in pages)\n${lines.join('\n')}\n`;
}

function assetLine(a: ContextAsset): string {
  const size = a.width && a.height ? ` ${a.width}x${a.height}` : '';
  if (a.kind === 'font') return `- ${a.url} font`;
  // JSON quoting keeps a quote or a line break in the person's alt text on the one line.
  const alt = a.alt.trim() ? `alt ${JSON.stringify(a.alt.trim())}` : 'no alt text yet: write one';
  const variants = a.variants.length
    ? `; variants: ${[...a.variants]
        .sort((x, y) => x.width - y.width)
        .map((v) => `${v.url} ${v.width}w`)
        .join(', ')}`
    : '';
  return `- ${a.url}${size}; ${alt}${variants}`;
}
