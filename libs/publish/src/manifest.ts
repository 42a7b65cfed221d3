import { createHash } from 'node:crypto';
import type { DeployedFile } from '@studio/contracts';
import { contentTypeOf, isHashedAsset } from './content-types.js';

/**
 * A deployment as the site host serves it (docs/ARCHITECTURE.md "libs/publish"): every built file's object
 * key and headers, decided once at publish, stored as jsonb in `deployments.manifest`. A request resolves the
 * site's live deployment once and serves everything from its manifest, so a visitor never sees a mix. The
 * types live in libs/contracts, which libs/data may import too; callers import them from here or there.
 */
export type { DeployedFile, DeploymentManifest } from '@studio/contracts';

/** Everything of one deployment lives under this prefix, and of a project under `projects/<id>/`, so a project's purge removes it. */
export function deploymentPrefix(projectId: string, deploymentId: string): string {
  return `projects/${projectId}/deployments/${deploymentId}/`;
}

export function deploymentKey(projectId: string, deploymentId: string, path: string): string {
  return `${deploymentPrefix(projectId, deploymentId)}${path.replace(/^\/+/, '')}`;
}

/**
 * A strong validator from the bytes alone: the same file in two deployments has the same ETag, so a browser's
 * copy stays valid across a publish that did not change it. 22 base64url characters are 132 bits.
 */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
}

/** The manifest entry of one built file and the compressed copies `precompress` made of it. */
export function deployedFile(projectId: string, deploymentId: string, path: string, bytes: Uint8Array, compressed: { br?: Uint8Array; gz?: Uint8Array } = {}): DeployedFile {
  const key = deploymentKey(projectId, deploymentId, path);
  return {
    key,
    size: bytes.byteLength,
    etag: etagOf(bytes),
    contentType: contentTypeOf(path),
    immutable: isHashedAsset(path),
    ...(compressed.br ? { br: { key: `${key}.br`, size: compressed.br.byteLength } } : {}),
    ...(compressed.gz ? { gz: { key: `${key}.gz`, size: compressed.gz.byteLength } } : {}),
  };
}
