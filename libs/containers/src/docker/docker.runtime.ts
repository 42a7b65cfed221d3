import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { type AgentConnector, connectAgent } from '../agent-client.js';
import { type CreateOptions, type InstanceInfo, type InstanceState, type PreviewConfinement, type PreviewInstance, type PreviewRuntime, PreviewRuntimeError } from '../preview-runtime.js';
import { AGENT_PORT, LABEL, type PreviewLimits, previewContainerSpec, VITE_PORT } from './container-spec.js';
import { ensureHostFirewall, ensurePreviewNetwork } from './preview-network.js';

export interface DockerRuntimeOptions {
  image: string;
  network: string;
  subnet: string;
  stackId: string;
  allowedHosts: string[];
  /** The client's origin, for the page's edit bridge (STUDIO_APP_ORIGIN in the container). */
  appOrigin?: string;
  limits: PreviewLimits;
  /** The engine's OCI runtime for preview containers (PREVIEW_OCI_RUNTIME; createPreviewRuntime checked the engine has it). */
  ociRuntime: string;
  log: { log(message: string): void; warn(message: string): void; error(message: string): void };
  /** dockerode's connection (DOCKER_HOST or the default socket when omitted). */
  docker?: Docker;
  /** How the runtime reaches an instance's agent to wait for it (connectAgent when omitted). */
  agents?: AgentConnector;
}

const notFound = (err: unknown) => (err as { statusCode?: number })?.statusCode === 404;
/**
 * The engine says the container is already as asked (paused, running, stopped): 304 or 409, or, from Docker 26's
 * pause and unpause, 500 with "is already paused" / "is not paused" (the conformance suite met the latter).
 */
const alreadyInState = (err: unknown) => {
  const code = (err as { statusCode?: number })?.statusCode;
  return code === 304 || code === 409 || /is (?:already|not) paused/.test(String((err as Error)?.message));
};
/** The engine's 404 as the interface's code (the conformance suite holds every driver to it); other errors as they are. */
const gone =
  (id: string) =>
  (err: unknown): never => {
    if (notFound(err)) throw new PreviewRuntimeError('PREVIEW_NOT_FOUND', `no preview container ${id.slice(0, 12)}`);
    throw err;
  };

/** The real preview runtime: one hardened container per preview (container-spec.ts), on dockerode. */
export class DockerRuntime implements PreviewRuntime {
  readonly kind = 'docker' as const;
  private readonly docker: Docker;
  /** container-spec.ts's hardening and the internal network; no egress to the host only once prepare's firewall rule is in. */
  confinement: PreviewConfinement;

  constructor(private readonly opts: DockerRuntimeOptions) {
    this.docker = opts.docker ?? new Docker();
    this.confinement = { nonRoot: true, readOnlyRoot: true, limits: { memoryMb: opts.limits.memoryMb, pids: opts.limits.pids }, noEgress: false };
  }

  /** Whether an engine answers at all (`auto` picks this driver only then). */
  static async available(docker = new Docker()): Promise<boolean> {
    return docker.ping().then(
      () => true,
      () => false,
    );
  }

  async prepare(): Promise<void> {
    await this.docker
      .getImage(this.opts.image)
      .inspect()
      .catch((err) => {
        throw new PreviewRuntimeError('PREVIEW_UNAVAILABLE', notFound(err) ? `The preview image ${this.opts.image} is not built (./studio up builds it).` : `Docker: ${err}`);
      });
    const bridge = await ensurePreviewNetwork(this.docker, this.opts.network, this.opts.subnet);
    const firewall = await ensureHostFirewall(bridge);
    this.confinement = { ...this.confinement, noEgress: firewall.ok };
    if (firewall.ok) this.opts.log.log(`previews: runtime ${this.opts.ociRuntime}, network ${this.opts.network} (bridge ${bridge}), host closed to previews`);
    else
      this.opts.log.error(
        `previews: could not close the host to the preview bridge ${bridge} (${firewall.reason}). Previews can reach services listening on this host's ` +
          `addresses until an operator adds: iptables -I INPUT 1 -i ${bridge} -m conntrack --ctstate NEW -j REJECT`,
      );
  }

  async create({ sessionId, warm }: CreateOptions): Promise<PreviewInstance> {
    const token = randomBytes(24).toString('base64url');
    const spec = previewContainerSpec({
      image: this.opts.image,
      network: this.opts.network,
      stackId: this.opts.stackId,
      sessionId,
      token,
      warm,
      allowedHosts: this.opts.allowedHosts,
      appOrigin: this.opts.appOrigin,
      limits: this.opts.limits,
      ociRuntime: this.opts.ociRuntime,
    });
    const container = await this.docker.createContainer(spec).catch((err) => {
      throw new PreviewRuntimeError('PREVIEW_START_FAILED', `could not create the preview container: ${err.message ?? err}`);
    });
    try {
      await container.start();
      const instance = await this.address(container.id, token);
      await (this.opts.agents ?? connectAgent)(instance).waitUntilUp(30_000);
      return instance;
    } catch (err) {
      await container.remove({ force: true, v: true }).catch(() => undefined);
      throw err instanceof PreviewRuntimeError ? err : new PreviewRuntimeError('PREVIEW_START_FAILED', `the preview container did not start: ${(err as Error).message}`);
    }
  }

  private async address(id: string, token?: string): Promise<PreviewInstance> {
    const info = await this.docker.getContainer(id).inspect();
    const host = info.NetworkSettings.Networks[this.opts.network]?.IPAddress;
    if (!host) throw new PreviewRuntimeError('PREVIEW_START_FAILED', `container ${id.slice(0, 12)} has no address on ${this.opts.network}`);
    const envToken = token ?? info.Config.Env.find((e) => e.startsWith('AGENT_TOKEN='))?.slice('AGENT_TOKEN='.length) ?? '';
    return { id, host, vitePort: VITE_PORT, agentPort: AGENT_PORT, token: envToken };
  }

  async pause(id: string): Promise<void> {
    await this.docker
      .getContainer(id)
      .pause()
      .catch((err) => {
        if (!alreadyInState(err)) gone(id)(err);
      });
  }

  async resume(id: string): Promise<boolean> {
    try {
      await this.docker.getContainer(id).unpause();
      return true;
    } catch (err) {
      // Not paused (running, or stopped).
      if (alreadyInState(err)) return false;
      return gone(id)(err);
    }
  }

  async stop(id: string): Promise<void> {
    const container = this.docker.getContainer(id);
    // A paused container must be thawed before it can take the stop signal.
    await container.unpause().catch(() => undefined);
    await container.stop({ t: 2 }).catch((err) => {
      if (!alreadyInState(err) && !notFound(err)) throw err;
    });
  }

  async restart(id: string): Promise<PreviewInstance> {
    await this.docker
      .getContainer(id)
      .start()
      .catch((err) => {
        if (!alreadyInState(err)) gone(id)(err);
      });
    const instance = await this.address(id);
    await (this.opts.agents ?? connectAgent)(instance).waitUntilUp(30_000);
    return instance;
  }

  async remove(id: string): Promise<void> {
    await this.docker
      .getContainer(id)
      .remove({ force: true, v: true })
      .catch((err) => {
        if (!notFound(err)) throw err;
      });
  }

  async state(id: string): Promise<InstanceState> {
    try {
      const info = await this.docker.getContainer(id).inspect();
      return info.State.Paused ? 'paused' : info.State.Running ? 'running' : 'stopped';
    } catch (err) {
      if (notFound(err)) return 'missing';
      throw err;
    }
  }

  async list(): Promise<InstanceInfo[]> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL.preview}=1`, `${LABEL.stack}=${this.opts.stackId}`] } });
    return containers.map((c) => ({
      id: c.Id,
      state: c.State === 'paused' ? 'paused' : c.State === 'running' ? 'running' : 'stopped',
      sessionId: c.Labels[LABEL.session] ?? null,
    }));
  }

  async close(): Promise<void> {}
}
