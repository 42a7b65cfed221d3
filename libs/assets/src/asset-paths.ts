import { ASSET_DIR, ASSET_URL_PREFIX, UPLOAD_MEDIA_TYPES, type UploadMediaType } from '@studio/contracts';
import { DEFAULT_ASSET_LIMITS } from './types.js';

/**
 * Where an upload is stored: `public/assets/<slug>.<ext>`, the slug made from the person's file name, and its
 * variants beside it as `public/assets/<slug>-<width>w.webp`. Slugs are plain lowercase ASCII, so every path
 * made here passes libs/files' path rules and reads the same in a URL.
 */

const MAX_SLUG_CHARS = 60;
// Letters NFKD does not take apart into a base letter and an accent.
const FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i' };
const VARIANT = /^(.+)-(\d+)w\.webp$/;
// Every extension an original may have been stored with (`.jpeg` by a model's own hand), for uniqueness.
const ORIGINAL_EXTS = [...new Set([...Object.values(UPLOAD_MEDIA_TYPES), 'jpeg'])];

/** The slug of a file name: accents folded, lowercase a-z0-9 and single dashes, at most 60 characters. */
export function assetSlug(fileName: string, fallback: 'image' | 'font' = 'image'): string {
  const base = fileName.replace(/\.[^./\\]*$/, '').replace(/^.*[/\\]/, '');
  let slug = base
    .toLowerCase()
    .replace(/[ßæœøđðþłı]/g, (c) => FOLDS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG_CHARS)
    .replace(/^-+|-+$/g, '');
  // A name shaped like a variant's (`hero-480w`) would be taken for a variant of `hero`.
  if (/-\d+w$/.test(slug)) slug = `${slug.slice(0, MAX_SLUG_CHARS - 4)}-img`;
  return slug || fallback;
}

/**
 * The path a new upload is stored under, unique against `taken`: `logo.png`, else `logo-2.png`, `logo-3.png`...
 * A slug counts as taken when any original of that slug exists (whatever its format) or any of the variant
 * paths it would get, so an original and its variants never collide with another's.
 */
export function uniqueAssetPath(fileName: string, contentType: UploadMediaType, taken: (path: string) => boolean, variantWidths: readonly number[] = DEFAULT_ASSET_LIMITS.variantWidths): string {
  const slug = assetSlug(fileName, contentType === 'font/woff2' ? 'font' : 'image');
  const inUse = (candidate: string) => ORIGINAL_EXTS.some((ext) => taken(`${ASSET_DIR}${candidate}.${ext}`)) || variantWidths.some((w) => taken(variantPath(`${ASSET_DIR}${candidate}.x`, w)));
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const candidate = `${slug.slice(0, MAX_SLUG_CHARS - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!inUse(candidate)) return `${ASSET_DIR}${candidate}.${UPLOAD_MEDIA_TYPES[contentType]}`;
  }
}

/** `public/assets/hero.jpg` → `public/assets/hero-480w.webp`. */
export function variantPath(originalPath: string, width: number): string {
  return `${originalPath.replace(/\.[^./]*$/, '')}-${width}w.webp`;
}

/** What a page writes in `src`: `public/assets/logo.png` → `/assets/logo.png`. */
export function assetUrl(path: string): string {
  if (path.startsWith(ASSET_DIR)) return `${ASSET_URL_PREFIX}${path.slice(ASSET_DIR.length)}`;
  // Vite serves the rest of public/ at / too.
  if (path.startsWith('public/')) return `/${path.slice('public/'.length)}`;
  throw new Error(`assetUrl: ${path} is not under public/, so no URL serves it`);
}

/** A file directly in ASSET_DIR with an image or font extension (an original or a variant). */
export function isAssetPath(path: string): boolean {
  if (!path.startsWith(ASSET_DIR)) return false;
  const name = path.slice(ASSET_DIR.length);
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return !name.includes('/') && name.includes('.') && ORIGINAL_EXTS.includes(ext);
}

/** A platform-made WebP copy: `public/assets/<slug>-<width>w.webp`. */
export function isVariantPath(path: string): boolean {
  return isAssetPath(path) && VARIANT.test(path.slice(ASSET_DIR.length));
}

/** The width a variant path names, or undefined for a path that is not a variant's. */
export function variantWidth(path: string): number | undefined {
  const m = isAssetPath(path) ? VARIANT.exec(path.slice(ASSET_DIR.length)) : null;
  return m ? Number(m[2]) : undefined;
}

/** The variants of `originalPath` among `paths`, narrowest first. */
export function variantsOf(originalPath: string, paths: Iterable<string>): string[] {
  const stem = originalPath.replace(/\.[^./]*$/, '');
  return [...paths]
    .filter((p) => p !== originalPath && isVariantPath(p) && p.startsWith(`${stem}-`) && VARIANT.exec(p.slice(ASSET_DIR.length))?.[1] === stem.slice(ASSET_DIR.length))
    .sort((a, b) => (variantWidth(a) ?? 0) - (variantWidth(b) ?? 0));
}

/** The original a variant path was made from, among `paths` (undefined when the path is no variant or its original is gone). */
export function originalOf(path: string, paths: Iterable<string>): string | undefined {
  const m = isAssetPath(path) ? VARIANT.exec(path.slice(ASSET_DIR.length)) : null;
  if (!m) return undefined;
  const stem = `${ASSET_DIR}${m[1]}`;
  return [...paths].find((p) => p !== path && isAssetPath(p) && !isVariantPath(p) && p.replace(/\.[^./]*$/, '') === stem);
}
