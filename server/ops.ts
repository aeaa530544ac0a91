import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../lib/store/types';
import type { PubSub } from './pubsub/PubSub';

const CHECK_TIMEOUT_MS = 2_000;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'ok' | string>;
}

function withTimeout(p: Promise<unknown>, what: string): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS); }),
  ]).finally(() => clearTimeout(timer));
}

/** Ready means: not shutting down, the store answers, and (with Redis) the fan-out answers. */
export async function readiness(deps: { store: Store; pubsub: PubSub; draining: () => boolean }): Promise<ReadinessReport> {
  const checks: ReadinessReport['checks'] = {};
  const check = async (name: string, probe: () => Promise<unknown>) => {
    try {
      await withTimeout(probe(), name);
      checks[name] = 'ok';
    } catch (err) {
      checks[name] = err instanceof Error ? err.message : String(err);
    }
  };
  await Promise.all([check('store', () => deps.store.ping()), deps.pubsub.shared ? check('pubsub', () => deps.pubsub.ping()) : null]);
  if (deps.draining()) checks.server = 'shutting down';
  return { ready: Object.values(checks).every((v) => v === 'ok'), checks };
}

export async function serveReadiness(res: ServerResponse, report: Promise<ReadinessReport>): Promise<void> {
  const r = await report;
  res.writeHead(r.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ status: r.ready ? 'ready' : 'unavailable', checks: r.checks }));
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1].trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * /metrics: 404 when no METRICS_TOKEN is configured (the endpoint does not exist), 401
 * without the right bearer token, else the Prometheus text format.
 */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
  render: () => Promise<{ contentType: string; body: string }>,
): Promise<void> {
  if (!token) {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
    return;
  }
  if (!tokenMatches(req.headers.authorization, token)) {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
    res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'A valid metrics token is required' } }));
    return;
  }
  const { contentType, body } = await render();
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}
