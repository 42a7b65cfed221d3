import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { ensureCommand } from '../../../tools/stack/src/debian-package.js';
import { freePort } from './apps.js';

/** A port free for both TCP and UDP on 127.0.0.1 (DNS answers on both). */
async function freeDnsPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

/**
 * A real DNS server for the tests that verify custom domains: Debian's dnsmasq (installed with apt-get when
 * missing) on a free loopback port, authoritative for one zone (a name without a record there is NXDOMAIN,
 * never asked upstream: it has none) and answering the TXT records the test sets. dnsmasq takes its records
 * on the command line, so changing them restarts it on the same port. Point the API at it with
 * `DOMAIN_DNS_SERVERS=<server.address>`.
 */
export class DnsServer {
  private child: ChildProcess | null = null;
  private readonly records = new Map<string, string[]>();
  private readonly output: string[] = [];

  private constructor(
    private readonly binary: string,
    readonly port: number,
    private readonly zone: string,
  ) {}

  static async start(zone: string): Promise<DnsServer> {
    const server = new DnsServer(ensureCommand('dnsmasq', 'dnsmasq-base'), await freeDnsPort(), zone);
    await server.run();
    return server;
  }

  /** `host:port`, as DOMAIN_DNS_SERVERS takes it. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Replaces the TXT values of a name (none: the name has no record) and restarts the server with them. */
  async setTxt(name: string, ...values: string[]): Promise<void> {
    if (values.length) this.records.set(name, values);
    else this.records.delete(name);
    await this.stop();
    await this.run();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  private async run(): Promise<void> {
    const args = [
      '--keep-in-foreground',
      '--conf-file=/dev/null',
      '--no-resolv',
      '--no-hosts',
      '--pid-file=',
      '--bind-interfaces',
      '--listen-address=127.0.0.1',
      `--port=${this.port}`,
      `--local=/${this.zone}/`,
      ...[...this.records].flatMap(([name, values]) => values.map((value) => `--txt-record=${name},${value}`)),
    ];
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => this.output.push(chunk.toString('utf8')));
    this.child = child;
    await this.ready(child);
  }

  /** Until it answers a query (NXDOMAIN counts as an answer): a started process may not have bound yet. */
  private async ready(child: ChildProcess): Promise<void> {
    const resolver = new Resolver({ timeout: 300, tries: 1 });
    resolver.setServers([this.address]);
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`dnsmasq exited with ${child.exitCode}: ${this.output.join('')}`);
      try {
        await resolver.resolveTxt(`ready-check.${this.zone}`);
        return;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'ENOTFOUND' || code === 'ENODATA') return;
      }
      if (Date.now() > deadline) throw new Error(`dnsmasq did not answer on ${this.address}: ${this.output.join('')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
