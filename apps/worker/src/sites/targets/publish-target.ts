import { StudioError } from '@studio/contracts';
import type { PublishFile } from '../publish-file.js';

/** The deployment a target receives files for. */
export interface TargetDeployment {
  id: string;
  projectId: string;
  siteId: string;
}

/**
 * Where a deployment's files go. Every deployment is stored in the platform's object store (the built-in
 * target, which the site host serves and rollback reuses); a site with another target also gets them there.
 */
export interface PublishTarget {
  readonly kind: string;
  /** Puts every file; throws StudioError PUBLISH_TARGET_REFUSED when the target says no (credentials, bucket). */
  put(deployment: TargetDeployment, files: PublishFile[]): Promise<void>;
}

/** The site's target columns, as stored. */
export interface TargetSite {
  targetKind: string;
  targetConfig: unknown;
  targetSecret: string | null;
}

/** Makes a site's target from its stored settings; one per kind. */
export type TargetFactory = (site: TargetSite) => PublishTarget;

/** The drivers by kind: another host's driver is one more entry. */
export class PublishTargets {
  constructor(
    readonly builtin: PublishTarget,
    private readonly factories: Readonly<Record<string, TargetFactory>>,
  ) {}

  for(site: TargetSite): PublishTarget {
    if (site.targetKind === this.builtin.kind) return this.builtin;
    const make = this.factories[site.targetKind];
    if (!make) throw new StudioError('PUBLISH_TARGET_REFUSED', `This platform cannot publish to "${site.targetKind}".`);
    return make(site);
  }
}
