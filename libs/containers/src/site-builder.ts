/** What a static export's build made: the site's files, or the build's own error output. */
export type SiteBuildResult = { ok: true; files: Map<string, Buffer> } | { ok: false; output: string };

/**
 * Builds a project into a static site (`vite build`, the preview's plugins) where the model's code cannot
 * reach anything: a throwaway container from the preview image with no network and hard limits, or, with
 * no Docker engine, a child process (not isolated, as with previews).
 */
export interface SiteBuilder {
  readonly kind: 'docker' | 'process';
  /** `onProgress` gets the build's own progress, 0 to 1. Resolves `ok: false` when the code does not build. */
  build(files: Map<string, Buffer>, onProgress: (fraction: number) => void): Promise<SiteBuildResult>;
}

export interface SiteBuildLimits {
  memoryMb: number;
  cpus: number;
  pids: number;
  timeoutSeconds: number;
}

/** Where the files go inside the build's work folder (agent/build.mjs reads PROJECT_DIR). */
export const SITE_DIR = 'site';

// A page importing lucide-react makes Vite transform about 2,200 modules (the icon set's modules); a build
// that transforms fewer simply jumps to "render" sooner.
const TRANSFORM_ESTIMATE = 2200;

/** Reads agent/build.mjs's JSON progress lines into a fraction; other lines are ignored. */
export function buildProgressOf(line: string): number | null {
  let event: { type?: string; phase?: string; transformed?: number };
  try {
    event = JSON.parse(line);
  } catch {
    return null;
  }
  if (event.type === 'done') return 1;
  if (event.type !== 'progress') return null;
  if (event.phase === 'render') return 0.9;
  if (event.phase === 'write') return 0.97;
  return Math.min(0.85, ((event.transformed ?? 0) / TRANSFORM_ESTIMATE) * 0.85);
}

/** A stdout listener: splits the build's output into lines and reports each progress line's fraction. */
export function progressReader(onProgress: (fraction: number) => void): (chunk: Buffer) => void {
  let pending = '';
  return (chunk) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const fraction = buildProgressOf(line);
      if (fraction !== null) onProgress(fraction);
    }
  };
}

/** Colours are for terminals; the error goes to a person reading JSON. */
export const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** The end of the build's output, where the error is: enough to act on, never megabytes. */
export const tailOf = (text: string, max = 8000) => (text.length > max ? `…${text.slice(-max)}` : text);
