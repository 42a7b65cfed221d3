import type { PreviewStatus } from '@studio/contracts';

/** The statuses in which the preview's origin answers with the project's page (`error`: maybe, see below). */
export const isServing = (status: PreviewStatus) => status === 'ready' || status === 'updating' || status === 'error';

/**
 * Whether the frame must load the page afresh now that the preview has this status. A frame loaded while
 * the preview was in `error` (a start that failed: no instance serves yet) shows the proxy's refusal, which
 * nothing in the frame retries; when the preview then comes up, only a new load shows the page. A frame
 * loaded while `ready` or `updating` keeps its page: hot updates and Vite's own reconnect reach it.
 */
export const frameIsStale = (loadedAs: PreviewStatus | null, status: PreviewStatus) => status === 'ready' && loadedAs !== null && loadedAs !== 'ready' && loadedAs !== 'updating';
