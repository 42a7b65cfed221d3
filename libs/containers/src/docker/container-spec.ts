import type { ContainerCreateOptions } from 'dockerode';

export interface PreviewLimits {
  memoryMb: number;
  cpus: number;
  pids: number;
}

export interface SpecInput {
  image: string;
  network: string;
  stackId: string;
  sessionId: string;
  token: string;
  warm: boolean;
  /** Host names Vite accepts (its host check): `.<PREVIEW_DOMAIN>`. */
  allowedHosts: string[];
  /** The client's origin (PUBLIC_URL's): the only one the page's edit bridge talks to (agent/page-bridge.mjs). */
  appOrigin?: string;
  limits: PreviewLimits;
  /** The engine's OCI runtime for it (PREVIEW_OCI_RUNTIME): `runc`, or `runsc` for gVisor's user-space kernel. */
  ociRuntime: string;
}

export const LABEL = { preview: 'studio.preview', stack: 'studio.stack', session: 'studio.session', build: 'studio.build' } as const;
export const WORK_DIR = '/work';
export const VITE_PORT = 5173;
export const AGENT_PORT = 7070;

/**
 * The one place a preview container's shape is decided (docs/ARCHITECTURE.md "Previews are untrusted code"):
 * the code it runs was written by a model, so it gets nothing it does not need.
 */
export function previewContainerSpec(input: SpecInput): ContainerCreateOptions {
  return {
    Image: input.image,
    name: `studio-preview-${input.stackId}-${input.sessionId.slice(0, 8)}-${input.token.slice(0, 6).toLowerCase()}`,
    Labels: { [LABEL.preview]: '1', [LABEL.stack]: input.stackId, [LABEL.session]: input.sessionId },
    User: '10001:10001',
    WorkingDir: WORK_DIR,
    Env: [
      `AGENT_TOKEN=${input.token}`,
      `PREVIEW_HOSTS=${input.allowedHosts.join(',')}`,
      ...(input.appOrigin ? [`STUDIO_APP_ORIGIN=${input.appOrigin}`] : []),
      `PREVIEW_WARM=${input.warm ? '1' : '0'}`,
      `WORK_DIR=${WORK_DIR}`,
      `VITE_PORT=${VITE_PORT}`,
      `AGENT_PORT=${AGENT_PORT}`,
    ],
    ExposedPorts: { [`${VITE_PORT}/tcp`]: {}, [`${AGENT_PORT}/tcp`]: {} },
    HostConfig: {
      // An internal bridge with inter-container traffic off: no route out, no neighbour reachable. The
      // host itself is closed by the firewall rule preview-network.ts installs.
      NetworkMode: input.network,
      ...hardenedHostConfig(input.limits, input.ociRuntime),
    },
  };
}

export interface BuildSpecInput {
  image: string;
  stackId: string;
  name: string;
  /** Where the project's files are put, under WORK_DIR (agent/build.mjs's PROJECT_DIR). */
  siteDir: string;
  limits: PreviewLimits;
  ociRuntime: string;
}

/**
 * A static export's build: the preview image running agent/build.mjs once, with no network at all (the
 * build needs nothing from outside: every package is in the image) and the same hardening as a preview.
 * Only the site's folder is writable (a fresh, empty volume: a copy of the image's /work, the dev server's
 * pre-bundled dependencies, is of no use to a build), and Vite's cache goes to /tmp.
 */
export function siteBuildContainerSpec(input: BuildSpecInput): ContainerCreateOptions {
  const hardened = hardenedHostConfig(input.limits, input.ociRuntime, `${WORK_DIR}/${input.siteDir}`);
  return {
    Image: input.image,
    name: input.name,
    Labels: { [LABEL.build]: '1', [LABEL.stack]: input.stackId },
    User: '10001:10001',
    WorkingDir: WORK_DIR,
    Entrypoint: ['node', '/opt/preview/agent/build.mjs'],
    Env: [`WORK_DIR=${WORK_DIR}`, `PROJECT_DIR=${WORK_DIR}/${input.siteDir}`, 'CACHE_DIR=/tmp/vite-build', 'NODE_ENV=production', 'NO_COLOR=1'],
    NetworkDisabled: true,
    HostConfig: { NetworkMode: 'none', ...hardened },
  };
}

/**
 * What every container that runs model-written code gets, whatever it does (a preview, an export's build):
 * nothing it does not need. The network is the caller's choice. Named, never the engine's default runtime:
 * the operator's choice of isolation must not depend on how the engine happens to be configured.
 */
export function hardenedHostConfig(limits: PreviewLimits, ociRuntime: string, writable = WORK_DIR): NonNullable<ContainerCreateOptions['HostConfig']> {
  const memory = limits.memoryMb * 1024 * 1024;
  return {
    Runtime: ociRuntime,
    ReadonlyRootfs: true,
    // The one writable folder is an anonymous volume: it starts as a copy of what the image has there (a
    // preview's /work holds the pre-bundled dependencies) and goes away with the container. No bind mount,
    // so a remote engine works the same.
    Mounts: [{ Type: 'volume', Source: '', Target: writable }],
    Tmpfs: { '/tmp': 'rw,nosuid,nodev,noexec,size=64m,mode=1777' },
    CapDrop: ['ALL'],
    SecurityOpt: ['no-new-privileges'],
    Privileged: false,
    Init: true,
    IpcMode: 'private',
    Memory: memory,
    MemorySwap: memory,
    NanoCpus: Math.round(limits.cpus * 1e9),
    PidsLimit: limits.pids,
    Ulimits: [{ Name: 'nofile', Soft: 4096, Hard: 4096 }],
    LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
    RestartPolicy: { Name: 'no' },
  };
}
