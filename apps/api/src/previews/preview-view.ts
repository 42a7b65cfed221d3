import type { PreviewStatus, PreviewView, RenderCheckView } from '@studio/contracts';
import type { PreviewTarget } from '@studio/data';

/** A paused preview resumes on the next visit, so clients see it as ready. */
export function viewStatus(status: string | null): PreviewStatus {
  switch (status) {
    case 'starting':
    case 'ready':
    case 'updating':
    case 'error':
      return status;
    case 'paused':
      return 'ready';
    default:
      return 'stopped';
  }
}

export const previewView = (t: PreviewTarget | null, url?: string): PreviewView => {
  const status = viewStatus(t?.status ?? null);
  return {
    status,
    // Always given: a stopped preview's URL answers "not running" until it is started, and then just works.
    ...(url ? { url } : {}),
    ...(t?.version ? { version: t.version } : {}),
    ...(status === 'error' && t?.error ? { error: t.error } : {}),
    ...(status === 'error' ? whereFailed(t?.render ?? null) : {}),
  };
};

/** Where a failed render check found the error, in the project's source (the worker maps it through source maps). */
function whereFailed(render: RenderCheckView | null): Pick<PreviewView, 'file' | 'line' | 'column'> {
  const e = render?.status === 'failed' ? render.error : undefined;
  if (!e) return {};
  return { ...(e.file ? { file: e.file } : {}), ...(e.line ? { line: e.line } : {}), ...(e.column ? { column: e.column } : {}) };
}
