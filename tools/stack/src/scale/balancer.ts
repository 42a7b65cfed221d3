import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startChild } from '../child.js';
import { ensureCommand } from '../debian-package.js';
import { StackError } from '../log.js';
import type { Running } from '../service.js';

/**
 * The nginx configuration in front of several APIs (docs/DEPLOYMENT.md "Scaling out"). Every client of ours
 * (the web client, the tests, the benchmarks) opens Socket.IO with `transports: ['websocket']`, so no sticky
 * sessions are needed: each socket is one upgraded connection that stays where it landed. `least_conn` spreads
 * those long-lived connections; the upgrade headers are passed on; the read and send timeouts are an hour,
 * since an idle socket sees only Socket.IO's pings (25 s apart); a refused connection goes to the next API.
 */
export function balancerConfig(opts: { dir: string; port: number; upstreams: number[] }): string {
  const d = (sub: string) => join(opts.dir, sub);
  return `worker_processes 1;
daemon off;
pid ${d('nginx.pid')};
error_log stderr warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${d('client_body')};
  proxy_temp_path ${d('proxy')};
  fastcgi_temp_path ${d('fastcgi')};
  uwsgi_temp_path ${d('uwsgi')};
  scgi_temp_path ${d('scgi')};
  client_max_body_size 100m;
  # An upgrade asks for one; anything else keeps its upstream connection alive.
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream studio_api {
    least_conn;
${opts.upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${opts.port};
    location / {
      proxy_pass http://studio_api;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_next_upstream error timeout;
    }
  }
}
`;
}

/** Debian's nginx (installed when missing, as root) balancing `upstreams` on 127.0.0.1:`port`. */
export async function startBalancer(opts: { dir: string; port: number; upstreams: number[]; log: (line: string) => void }): Promise<Running & { url: string }> {
  const nginx = ensureCommand('nginx', 'nginx');
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(opts.dir, sub), { recursive: true });
  // Workers run as nobody when started as root: the temp folders must let them in.
  chmodSync(opts.dir, 0o755);
  const conf = join(opts.dir, 'nginx.conf');
  writeFileSync(conf, balancerConfig(opts));
  const child = startChild(nginx, ['-c', conf, '-p', opts.dir], { label: 'nginx', sink: opts.log });
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await child.stop();
      throw new StackError(`nginx did not answer on ${url} within 10 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name: 'nginx', url, stop: () => child.stop() };
}
