import { readFileSync } from 'node:fs';

/**
 * The packages a project's code may import: the `dependencies` of the preview image's package.json
 * (docker/preview), which every preview container has installed. Read once at boot; a missing or broken file
 * stops the worker, since without it every bare import would be refused.
 */
export function loadPreviewPackages(file: string): Set<string> {
  let parsed: { dependencies?: Record<string, string> };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`PREVIEW_PACKAGES_FILE (${file}) could not be read as JSON: ${(err as Error).message}`);
  }
  return new Set(Object.keys(parsed.dependencies ?? {}));
}
