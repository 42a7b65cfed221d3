import { z } from 'zod';
import type { ErrorBody } from './errors.js';

export const createExportBodySchema = z.object({
  kind: z.enum(['source', 'static']),
  // A JSON number only: coercion would take `true` for version 1 and `[3]` for 3.
  version: z.number().int().min(1).optional(),
});
export type CreateExportBody = z.infer<typeof createExportBodySchema>;

/** docs/API.md "Exports". */
export interface ExportView {
  id: string;
  projectId: string;
  kind: 'source' | 'static';
  version: number;
  status: 'queued' | 'running' | 'ready' | 'failed';
  /** 0 to 1. */
  progress: number;
  sizeBytes?: number;
  error?: ErrorBody;
  /** When ready: where to GET the zip (owner only), and until when it is kept. */
  downloadUrl?: string;
  expiresAt?: string;
  createdAt: string;
}

/** Where an export's zip is downloaded (docs/API.md `GET /api/exports/:id/download`), for events and views alike. */
export const exportDownloadUrl = (exportId: string) => `/api/exports/${exportId}/download`;
