import { balancerConfig } from './balancer.js';

describe('balancerConfig', () => {
  const conf = balancerConfig({ dir: '/tmp/lb', port: 8080, upstreams: [3001, 3002, 3003] });

  it('balances every API by open connections, and passes a failed connection on to the next', () => {
    expect(conf).toContain('least_conn;');
    for (const port of [3001, 3002, 3003]) expect(conf).toContain(`server 127.0.0.1:${port} max_fails=1 fail_timeout=2s;`);
    expect(conf).toContain('proxy_next_upstream error timeout;');
    expect(conf).toContain('listen 127.0.0.1:8080;');
  });

  it('upgrades websockets and keeps an idle socket open longer than its ping interval', () => {
    expect(conf).toContain("map $http_upgrade $connection_upgrade { default upgrade; '' ''; }");
    expect(conf).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(conf).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(conf).toContain('proxy_read_timeout 1h;');
  });

  it('keeps the Host (previews are served by it) and appends the client to X-Forwarded-For', () => {
    expect(conf).toContain('proxy_set_header Host $http_host;');
    expect(conf).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
  });
});
