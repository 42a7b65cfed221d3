import type { ObjectStore } from '@studio/files';
import { deploymentKey } from '@studio/publish';
import { eachLimited, type PublishFile } from '../publish-file.js';
import type { PublishTarget, TargetDeployment } from './publish-target.js';

/** Uploads at once: enough to hide each request's latency, few enough not to crowd the store's connections. */
const UPLOADS_AT_ONCE = 8;

/**
 * The platform's own host: the files (and their .br/.gz forms) under the deployment's prefix in the object
 * store, where the site host reads them by the manifest. Re-putting a deployment writes the same keys.
 */
export class BuiltinTarget implements PublishTarget {
  readonly kind = 'builtin';

  constructor(private readonly objects: Pick<ObjectStore, 'put'>) {}

  async put(deployment: TargetDeployment, files: PublishFile[]): Promise<void> {
    const objects = files.flatMap((file) => {
      const key = deploymentKey(deployment.projectId, deployment.id, file.path);
      return [
        { key, body: file.bytes, contentType: file.contentType },
        ...(file.br ? [{ key: `${key}.br`, body: file.br, contentType: file.contentType }] : []),
        ...(file.gz ? [{ key: `${key}.gz`, body: file.gz, contentType: file.contentType }] : []),
      ];
    });
    await eachLimited(objects, UPLOADS_AT_ONCE, (o) => this.objects.put(o.key, o.body, { contentType: o.contentType, contentLength: o.body.length }));
  }
}
