import { Inject, Injectable } from '@nestjs/common';
import type { PreviewStatus, PreviewView, RenderCheckView } from '@studio/contracts';
import { DATA_SOURCE } from '@studio/platform';
import type { DataSource } from 'typeorm';

export interface PreviewTarget {
  projectId: string;
  ownerId: string;
  sessionId: string | null;
  status: string | null;
  host: string | null;
  vitePort: number | null;
  version: number | null;
  error: string | null;
  /** The worker's latest render check of what the preview serves. */
  render: RenderCheckView | null;
}

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

/** The API's read of preview_sessions (the worker writes it): a project's owner and where its preview runs. */
@Injectable()
export class PreviewTargets {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async find(projectId: string): Promise<PreviewTarget | null> {
    const rows = (await this.db.query(
      `SELECT p.id AS "projectId", p.owner_id AS "ownerId", s.id AS "sessionId", s.status, s.host, s.vite_port AS "vitePort", s.version, s.error, s.render
         FROM projects p LEFT JOIN preview_sessions s ON s.project_id = p.id WHERE p.id = $1`,
      [projectId],
    )) as PreviewTarget[];
    return rows[0] ?? null;
  }

  async touch(sessionId: string): Promise<void> {
    await this.db.query(`UPDATE preview_sessions SET last_access_at = now() WHERE id = $1`, [sessionId]);
  }
}
