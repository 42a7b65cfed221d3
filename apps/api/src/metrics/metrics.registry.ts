import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per process, with Node's default metrics and the API's own. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'studio_api_' });

export const httpDuration = new Histogram({
  name: 'studio_http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const socketsConnected = new Gauge({
  name: 'studio_sockets_connected',
  help: 'Socket.IO clients connected to this process',
  registers: [registry],
});

export const socketConnections = new Counter({
  name: 'studio_socket_connections_total',
  help: 'Socket.IO connections accepted by this process',
  registers: [registry],
});
