import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startChild } from '../child.js';
import { ensureCommand } from '../debian-package.js';
import type { Running } from '../service.js';

/**
 * B9's reference: Debian's nginx serving a folder of built files on 127.0.0.1:`port`, as a static host is
 * usually set up: gzip_static (the `.gz` beside each file, as ours are precompressed), sendfile, no access
 * log, `try_files` with folder index, the same security and caching headers the site host sends, and its
 * default worker count (one per core).
 */
export async function startNginx(root: string, dir: string, port: number, log: (line: string) => void): Promise<Running> {
  const nginx = ensureCommand('nginx', 'nginx');
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub), { recursive: true });
  // Workers run as nobody when started as root: every folder on the way to the files must let them in.
  chmodSync(dir, 0o755);
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes auto;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  gzip_static on;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  server {
    listen 127.0.0.1:${port};
    root ${root};
    add_header X-Content-Type-Options nosniff;
    add_header Referrer-Policy strict-origin-when-cross-origin;
    add_header X-Frame-Options SAMEORIGIN;
    add_header Permissions-Policy "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
    location /assets/ { add_header Cache-Control "public, max-age=31536000, immutable"; add_header X-Content-Type-Options nosniff; }
    location / { try_files $uri $uri/ =404; add_header Cache-Control "public, max-age=0, must-revalidate"; add_header X-Content-Type-Options nosniff; }
  }
}
`,
  );
  const child = startChild(nginx, ['-c', conf, '-p', dir], { label: 'nginx', sink: log });
  await waitForPort(port, 10_000);
  return child;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
