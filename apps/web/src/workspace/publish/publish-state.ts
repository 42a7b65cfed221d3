import type { DeploymentStage, DeploymentStatus, DeploymentView, ErrorBody, SiteView } from '@studio/contracts';
import type { ProjectEvent } from '../../api/project-socket';

/**
 * What the Publish panel knows: the site (null before the first publish or save), its deployments newest
 * first, and progress that arrived for a deployment the page has not listed yet (the POST's answer can come
 * after the worker's first event, and another tab may publish).
 */
export interface PublishState {
  /** False until the first load answered. */
  loaded: boolean;
  site: SiteView | null;
  deployments: DeploymentView[];
  /** Events for deployments not in the list yet, merged in when they are listed. */
  early: Record<string, Partial<DeploymentView>>;
  /** How each deployment this page saw finish was announced (`deployment:ready`): its URL, and whether it went live. */
  announced: Record<string, { url: string; live: boolean }>;
  /** A deployment finished (its figures are in the list), or one the page never listed did: the list should be loaded again. */
  stale: boolean;
}

export const emptyPublish: PublishState = { loaded: false, site: null, deployments: [], early: {}, announced: {}, stale: false };

export const STAGE_LABEL: Record<DeploymentStage, string> = {
  build: 'Building',
  seo: 'Adding search and sharing tags',
  screenshot: 'Taking the sharing image',
  compress: 'Compressing',
  upload: 'Uploading',
  activate: 'Going live',
};

export const STATUS_LABEL: Record<DeploymentStatus, string> = { queued: 'Queued', building: 'Building', ready: 'Ready', failed: 'Failed' };

// A deployment only moves forward: a late, older answer (the POST's `queued`) must not undo a newer event.
const RANK: Record<DeploymentStatus, number> = { queued: 0, building: 1, ready: 2, failed: 2 };

/** What a view of a deployment says that does not change as it moves on (only the finished ones have them). */
const FACTS = ['fileCount', 'sizeBytes', 'buildMs', 'publishMs', 'readyAt'] as const;

/** The newer of two views of one deployment: the further status wins, and progress never goes back. */
export function mergeDeployment(known: DeploymentView, incoming: Partial<DeploymentView>): DeploymentView {
  const incomingRank = incoming.status ? RANK[incoming.status] : -1;
  const knownRank = RANK[known.status];
  if (incomingRank < knownRank) {
    // Only what an older view cannot get wrong: the figures and times the list answers with.
    const facts: Partial<DeploymentView> = {};
    for (const key of FACTS) if (incoming[key] !== undefined) Object.assign(facts, { [key]: incoming[key] });
    return { ...known, ...facts };
  }
  const merged = { ...known, ...incoming };
  return incomingRank === knownRank ? { ...merged, progress: Math.max(known.progress, incoming.progress ?? 0) } : merged;
}

const newestFirst = (a: DeploymentView, b: DeploymentView) => b.version - a.version || b.createdAt.localeCompare(a.createdAt);

/** The live flag of each deployment from the site's pointer (one live at most; none while unpublished). */
function withLive(deployments: DeploymentView[], site: SiteView | null): DeploymentView[] {
  if (!site) return deployments;
  return deployments.map((d) => (d.live === (d.id === site.liveDeploymentId) ? d : { ...d, live: d.id === site.liveDeploymentId }));
}

/** Adds or updates deployments (a POST's answer, a loaded list), with any early events for them. */
export function upsertDeployments(state: PublishState, views: DeploymentView[]): PublishState {
  const early = { ...state.early };
  const byId = new Map(state.deployments.map((d) => [d.id, d]));
  for (const view of views) {
    const known = byId.get(view.id);
    let merged = known ? mergeDeployment(known, view) : view;
    if (early[view.id]) {
      merged = mergeDeployment(merged, early[view.id]);
      delete early[view.id];
    }
    byId.set(view.id, merged);
  }
  return { ...state, early, deployments: withLive([...byId.values()].sort(newestFirst), state.site) };
}

/** The site as the API answered it (a save, a rollback, an unpublish, the first load). */
export function setSite(state: PublishState, site: SiteView | null): PublishState {
  return { ...state, site, deployments: withLive(state.deployments, site) };
}

function patchDeployment(state: PublishState, id: string, patch: Partial<DeploymentView>, finished: boolean): PublishState {
  if (state.deployments.some((d) => d.id === id)) {
    // A finished one's figures (files, size, times) come with the list, not the event: load it again then.
    return { ...state, deployments: state.deployments.map((d) => (d.id === id ? mergeDeployment(d, patch) : d)), stale: state.stale || finished };
  }
  const before = state.early[id];
  const early = { ...state.early, [id]: before && RANK[before.status ?? 'queued'] > RANK[patch.status ?? 'queued'] ? before : { ...before, ...patch } };
  // A deployment this page never listed finished (published from another tab): the list is out of date.
  return { ...state, early, stale: state.stale || (finished && state.loaded) };
}

/** Applies a project event; the events that are not about publishing change nothing. */
export function applyPublishEvent(state: PublishState, event: ProjectEvent): PublishState {
  switch (event.name) {
    case 'deployment:progress':
      return patchDeployment(state, event.payload.deploymentId, { status: 'building', progress: event.payload.progress, stage: event.payload.stage }, false);
    case 'deployment:ready': {
      const { deploymentId, version, url, live } = event.payload;
      const next = patchDeployment(state, deploymentId, { status: 'ready', progress: 1, live }, true);
      const announced = { ...next.announced, [deploymentId]: { url, live } };
      // The site now serves it: the panel says so at once, not only when `site:updated` (which follows) arrives.
      return live && next.site ? { ...setSite(next, { ...next.site, liveDeploymentId: deploymentId, liveVersion: version }), announced } : { ...next, announced };
    }
    case 'deployment:failed':
      return patchDeployment(state, event.payload.deploymentId, { status: 'failed', error: event.payload.error }, true);
    case 'site:updated':
      return setSite(state, event.payload.site);
    default:
      return state;
  }
}

/** The deployment whose progress or outcome the panel shows: the newest one. */
export const latestDeployment = (state: PublishState): DeploymentView | undefined => state.deployments[0];

/**
 * Built while the site's pointer was moved (a rollback or unpublish during the build): ready, but the worker
 * left the site as it was. Not a deployment taken down later, nor one this page did not see finish.
 */
export const readyButNotLive = (state: PublishState, d: DeploymentView): boolean => d.status === 'ready' && state.announced[d.id]?.live === false;

/** A deployment still on its way (the Publish button waits for it). */
export const isRunning = (d: DeploymentView | undefined) => d?.status === 'queued' || d?.status === 'building';

/** Where people see the site: the person's bucket's public URL for an S3 target, else the built-in host. */
export function liveUrl(site: SiteView, announced?: string): string | undefined {
  if (announced) return announced;
  return site.target.kind === 's3' ? site.target.publicUrl : site.url;
}

/** The build's output a failed deployment carries (its tail, from the worker), when there is one. */
export const buildOutput = (error: ErrorBody | undefined): string | undefined => (typeof error?.details?.output === 'string' && error.details.output ? error.details.output : undefined);

/** The part of the site's URL after the slug (`.sites.localhost:3100`), shown beside the slug field. */
export function hostSuffix(site: SiteView | null): string {
  if (!site) return '';
  try {
    const host = new URL(site.url).host;
    return host.startsWith(`${site.slug}.`) ? host.slice(site.slug.length) : '';
  } catch {
    return '';
  }
}
