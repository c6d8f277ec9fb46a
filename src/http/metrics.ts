import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one app instance (its own registry, so tests can run several apps). */
export function createMetrics() {
  const registry = new Registry();
  const requests = new Counter({
    name: 'kimberlite_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'kimberlite_http_errors_total',
    help: 'HTTP requests answered with an error, by error code',
    labelNames: ['code', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'kimberlite_http_request_duration_seconds',
    help: 'Time to answer HTTP requests',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const database = new Histogram({
    name: 'kimberlite_db_transaction_duration_seconds',
    help: 'Time spent in database write transactions (including retries)',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'kimberlite_process_resident_memory_bytes',
    help: 'Resident set size of the server process',
    registers: [registry],
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  return { registry, requests, errors, latency, database };
}

export type Metrics = ReturnType<typeof createMetrics>;
