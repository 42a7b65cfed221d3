import { APPLE_TOUCH_ICON, FAVICON_PNG, faviconsFrom, notFoundPage, type RenderedFacts, readPageFacts, robotsTxt, sitemapXml, withHeadTags } from '@studio/publish';
import sharp from 'sharp';
import { errorText, NOT_FOUND_PAGE } from './publish-file.js';

export type Screenshot = (built: Map<string, Buffer>) => Promise<{ png: Buffer; facts: RenderedFacts }>;

export interface SiteSettings {
  title: string | null;
  description: string | null;
  /** A file of the version (`public/assets/...`) to share instead of a screenshot. */
  imagePath: string | null;
  noindex: boolean;
}

export interface FinishInput {
  /** What `vite build` made (dist/). */
  built: Map<string, Buffer>;
  /** The version's own files: the logo and the chosen share image are read from here. */
  source: Map<string, Buffer>;
  settings: SiteSettings;
  /** Where the page is public, ending with `/`: the canonical URL, and the base of og:image and the sitemap. */
  canonicalUrl: string;
  siteName: string;
  publishedAt: Date;
}

export type FinishStage = 'seo' | 'screenshot';

export interface FinishDeps {
  screenshot: Screenshot;
  /** Says what was skipped and why (a screenshot that failed, a logo that is not an image). */
  warn: (msg: string, details?: Record<string, unknown>) => void;
}

/** The share image is this wide (Open Graph's recommended 1200x630 for screenshots). */
const SHARE_WIDTH = 1200;
const IMAGE_EXTENSIONS = /\.(png|jpe?g|webp|avif|gif|svg)$/i;
const INDEX = 'index.html';

/**
 * What a published page needs beyond its build, made with no model call (docs/ARCHITECTURE.md "Publishing"):
 * title, description, canonical, Open Graph and Twitter tags in index.html (the person's settings first,
 * else what the page says), a share image (the chosen image, else a screenshot, else none), favicons from
 * the logo, sitemap.xml, robots.txt (noindex while asked) and a 404 page unless the build made one.
 * Returns the finished files; the build's map is not changed.
 */
export async function finishSite(input: FinishInput, deps: FinishDeps, onStage: (stage: FinishStage) => void): Promise<Map<string, Buffer>> {
  const files = new Map(input.built);
  const html = files.get(INDEX)?.toString('utf8');

  onStage('screenshot');
  const shot = await screenshotOrNothing(input.built, deps);
  onStage('seo');
  const chosen = input.settings.imagePath ? await chosenImage(input.source, input.settings.imagePath, deps) : null;
  // The screenshot comes at Open Graph's 1200x630, as PNG (libs/publish screenshotSite).
  const share = chosen ?? (shot ? { path: 'og-image.png', bytes: shot.png, alt: undefined } : null);
  const shareMeta = share ? await sharpSize(share.bytes) : null;
  if (share) files.set(share.path, share.bytes);

  const icons = await faviconsOfLogo(input.source, deps);
  for (const icon of icons) files.set(icon.path, icon.bytes);

  const page = html ? readPageFacts(html) : {};
  const rendered = shot?.facts ?? {};
  const title = input.settings.title ?? nonEmpty(rendered.title) ?? nonEmpty(page.title) ?? nonEmpty(rendered.h1) ?? input.siteName;
  const description = input.settings.description ?? nonEmpty(page.description) ?? nonEmpty(rendered.description) ?? nonEmpty(rendered.firstParagraph)?.slice(0, 300) ?? '';

  if (html) {
    const iconPath = icons.find((i) => i.path === FAVICON_PNG)?.path;
    const applePath = icons.find((i) => i.path === APPLE_TOUCH_ICON)?.path;
    const tagged = withHeadTags(html, {
      canonicalUrl: input.canonicalUrl,
      title,
      description,
      noindex: input.settings.noindex,
      siteName: input.siteName,
      ...(share && shareMeta ? { imageUrl: `${input.canonicalUrl}${share.path}`, imageAlt: share.alt ?? title, imageWidth: shareMeta.width, imageHeight: shareMeta.height } : {}),
      ...(iconPath ? { faviconPaths: { icon: `/${iconPath}`, ...(applePath ? { apple: `/${applePath}` } : {}) } } : {}),
    });
    files.set(INDEX, Buffer.from(tagged, 'utf8'));
  }

  const pages = [...files.keys()].filter((p) => p.endsWith('.html') && p !== NOT_FOUND_PAGE).sort();
  files.set('sitemap.xml', Buffer.from(sitemapXml(input.canonicalUrl, pages, input.publishedAt), 'utf8'));
  // Ours, always: the person's noindex setting must win over a robots.txt the page's code may carry.
  files.set('robots.txt', Buffer.from(robotsTxt(input.canonicalUrl, input.settings.noindex), 'utf8'));
  if (!files.has(NOT_FOUND_PAGE)) files.set(NOT_FOUND_PAGE, Buffer.from(notFoundPage(title), 'utf8'));
  return files;
}

const nonEmpty = (s: string | undefined | null) => (s?.trim() ? s.trim() : undefined);

/** A screenshot is a nicety: its failure (no Chromium, a page that never loads) publishes without one. */
async function screenshotOrNothing(built: Map<string, Buffer>, deps: FinishDeps) {
  try {
    return await deps.screenshot(built);
  } catch (err) {
    deps.warn('no screenshot: publishing without an og:image', { err: errorText(err) });
    return null;
  }
}

async function sharpSize(bytes: Buffer): Promise<{ width: number; height: number } | null> {
  const { width, height } = await sharp(bytes).metadata();
  return width && height ? { width, height } : null;
}

/** The person's chosen image, 1200 wide (JPEG: photos are what people choose; an SVG is rasterised). */
async function chosenImage(source: Map<string, Buffer>, imagePath: string, deps: FinishDeps) {
  const path = imagePath.replace(/^\/+/, '');
  const bytes = source.get(path) ?? source.get(`public/${path}`);
  if (!bytes) {
    deps.warn('the chosen share image is not in this version: using a screenshot', { imagePath });
    return null;
  }
  try {
    const jpeg = await sharp(bytes).resize({ width: SHARE_WIDTH }).flatten({ background: '#ffffff' }).jpeg({ quality: 85 }).toBuffer();
    return { path: 'og-image.jpg', bytes: jpeg, alt: undefined };
  } catch (err) {
    deps.warn('the chosen share image could not be read: using a screenshot', { imagePath, err: errorText(err) });
    return null;
  }
}

/** The logo: a picture of the version under public/ whose name says "logo" (the first, by path). */
export function logoOf(source: Map<string, Buffer>): { path: string; bytes: Buffer } | null {
  const path = [...source.keys()]
    .filter((p) => p.startsWith('public/') && IMAGE_EXTENSIONS.test(p) && /logo/i.test(p.split('/').at(-1) ?? ''))
    .sort()
    .at(0);
  const bytes = path ? source.get(path) : undefined;
  return path && bytes ? { path, bytes } : null;
}

async function faviconsOfLogo(source: Map<string, Buffer>, deps: FinishDeps): Promise<{ path: string; bytes: Buffer }[]> {
  const logo = logoOf(source);
  if (!logo) return [];
  try {
    return await faviconsFrom(logo.bytes);
  } catch (err) {
    deps.warn('no favicon: the logo could not be read', { logo: logo.path, err: errorText(err) });
    return [];
  }
}
