import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { LABEL } from './container-spec.js';

const run = promisify(execFile);

/** Linux caps interface names at 15 characters; the bridge gets a stable one so the firewall can name it. */
export const bridgeName = (network: string) => `stp-${createHash('sha256').update(network).digest('hex').slice(0, 10)}`;

/**
 * The previews' network: an internal bridge (no route beyond it, so no internet and no cloud metadata
 * address) with inter-container traffic disabled (no preview reaches another). Created when missing.
 */
export async function ensurePreviewNetwork(docker: Docker, name: string, subnet: string): Promise<string> {
  const existing = await docker
    .getNetwork(name)
    .inspect()
    .catch(() => null);
  if (existing) return (existing.Options?.['com.docker.network.bridge.name'] as string | undefined) ?? bridgeName(name);
  try {
    await docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      Internal: true,
      IPAM: { Config: [{ Subnet: subnet }] },
      Options: {
        'com.docker.network.bridge.name': bridgeName(name),
        'com.docker.network.bridge.enable_icc': 'false',
        'com.docker.network.bridge.enable_ip_masquerade': 'false',
      },
      Labels: { [LABEL.preview]: '1' },
    });
  } catch (err) {
    // Another worker created it at the same moment.
    if (
      !(await docker
        .getNetwork(name)
        .inspect()
        .catch(() => null))
    )
      throw err;
  }
  return bridgeName(name);
}

/**
 * The host's side: an internal bridge still lets a container open connections to the host's own
 * addresses (the API, and anything else listening on all interfaces). This rule refuses every new
 * connection that arrives from the preview bridge; the proxy's connections into previews start on the
 * host, so their replies still pass. It needs root and a local engine; elsewhere the operator installs the
 * same rule (README), and we say so loudly.
 */
export async function ensureHostFirewall(bridge: string): Promise<{ ok: boolean; reason?: string }> {
  const rule = ['INPUT', '-i', bridge, '-m', 'conntrack', '--ctstate', 'NEW', '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable'];
  try {
    await run('iptables', ['-w', '-C', ...rule]);
    return { ok: true };
  } catch {
    try {
      await run('iptables', ['-w', '-I', ...rule.slice(0, 1), '1', ...rule.slice(1)]);
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: String((err as { stderr?: string }).stderr ?? err).trim() };
    }
  }
}
