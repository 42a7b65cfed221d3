import { DeploymentPruner } from './deployment-pruner.js';
import { deploymentRow, MemoryObjects } from './testing/publish-fakes.js';

describe('DeploymentPruner', () => {
  it('deletes the files of prunable deployments, marking each first, and skips one made live meanwhile', async () => {
    const objects = new MemoryObjects();
    for (const id of ['old-1', 'old-2', 'kept']) {
      await objects.put(`projects/project-1/deployments/${id}/index.html`, Buffer.from(id));
      await objects.put(`projects/project-1/deployments/${id}/index.html.gz`, Buffer.from(id));
    }
    const calls: string[] = [];
    const pruner = new DeploymentPruner(
      {
        sitesWithDeployments: async () => ['site-1'],
        prunable: async (siteId, keep) => {
          calls.push(`prunable ${siteId} ${keep}`);
          return [deploymentRow({ id: 'old-1' }), deploymentRow({ id: 'old-2' })];
        },
        markFilesDeleted: async (id) => {
          calls.push(`mark ${id} (objects: ${[...objects.objects.keys()].filter((k) => k.includes(id)).length})`);
          // old-2 was rolled back to after it was listed: the repository refuses to mark a live one.
          return id !== 'old-2';
        },
      },
      objects,
      5,
    );
    expect(await pruner.run()).toEqual({ pruned: 1, objects: 2 });
    expect(calls).toEqual(['prunable site-1 5', 'mark old-1 (objects: 2)', 'mark old-2 (objects: 2)']);
    expect([...objects.objects.keys()].sort()).toEqual([
      'projects/project-1/deployments/kept/index.html',
      'projects/project-1/deployments/kept/index.html.gz',
      'projects/project-1/deployments/old-2/index.html',
      'projects/project-1/deployments/old-2/index.html.gz',
    ]);
  });
});
