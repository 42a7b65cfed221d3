import type { DeploymentsRepository } from '@studio/data';
import type { ObjectStore } from '@studio/files';
import { deploymentPrefix } from '@studio/publish';

/**
 * Retention (`deployments.prune`, a repeatable maintenance job): each site keeps its newest `keep` ready
 * deployments and the live one; older ones lose their files. The row stays (the history lists it, rollback
 * refuses it as DEPLOYMENT_NOT_READY). Marked first, deleted second: a crash in between leaves objects under
 * the project's prefix (its purge removes them), never a deployment one can roll back to with its files gone.
 */
export class DeploymentPruner {
  constructor(
    private readonly deployments: Pick<DeploymentsRepository, 'sitesWithDeployments' | 'prunable' | 'markFilesDeleted'>,
    private readonly objects: Pick<ObjectStore, 'deletePrefix'>,
    private readonly keep: number,
  ) {}

  async run(): Promise<{ pruned: number; objects: number }> {
    let pruned = 0;
    let objects = 0;
    for (const siteId of await this.deployments.sitesWithDeployments()) {
      for (const old of await this.deployments.prunable(siteId, this.keep)) {
        // False when a rollback made it live since it was listed: its files stay.
        if (!(await this.deployments.markFilesDeleted(old.id))) continue;
        objects += await this.objects.deletePrefix(deploymentPrefix(old.projectId, old.id));
        pruned++;
      }
    }
    return { pruned, objects };
  }
}
