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
  limits: PreviewLimits;
}

export const LABEL = { preview: 'studio.preview', stack: 'studio.stack', session: 'studio.session' } as const;
export const WORK_DIR = '/work';
export const VITE_PORT = 5173;
export const AGENT_PORT = 7070;

/**
 * The one place a preview container's shape is decided (ARCHITECTURE.md "Previews are untrusted code"):
 * the code it runs was written by a model, so it gets nothing it does not need.
 */
export function previewContainerSpec(input: SpecInput): ContainerCreateOptions {
  const memory = input.limits.memoryMb * 1024 * 1024;
  return {
    Image: input.image,
    name: `studio-preview-${input.stackId}-${input.sessionId.slice(0, 8)}-${input.token.slice(0, 6).toLowerCase()}`,
    Labels: { [LABEL.preview]: '1', [LABEL.stack]: input.stackId, [LABEL.session]: input.sessionId },
    User: '10001:10001',
    WorkingDir: WORK_DIR,
    Env: [
      `AGENT_TOKEN=${input.token}`,
      `PREVIEW_HOSTS=${input.allowedHosts.join(',')}`,
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
      ReadonlyRootfs: true,
      // The work volume is anonymous: it starts as a copy of the image's /work (with the pre-bundled
      // dependencies) and goes away with the container. No bind mount, so a remote engine works the same.
      Mounts: [{ Type: 'volume', Source: '', Target: WORK_DIR }],
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,noexec,size=64m,mode=1777' },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Privileged: false,
      Init: true,
      IpcMode: 'private',
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: Math.round(input.limits.cpus * 1e9),
      PidsLimit: input.limits.pids,
      Ulimits: [{ Name: 'nofile', Soft: 4096, Hard: 4096 }],
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
      RestartPolicy: { Name: 'no' },
    },
  };
}
