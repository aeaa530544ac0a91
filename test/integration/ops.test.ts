import { afterEach, describe, expect, it } from 'vitest';
import { createDocument } from '../../lib/documents/service';
import { startTestApp, createUserWithToken, type TestApp } from '../helpers/testApp';
import { connectClient, waitSynced, type TestClient } from '../helpers/collabClient';
import { REDIS_URL, testRedisPrefix } from '../helpers/redis';
import { waitFor } from '../helpers/waitFor';

const METRICS_TOKEN = 'metrics-token-0123456789';

describe('operations endpoints', () => {
  let app: TestApp | null = null;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await app?.dispose();
    app = null;
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${app!.port}${path}`, { headers });

  it('answers /healthz and /readyz, and /readyz turns 503 when the store is gone', async () => {
    app = await startTestApp();
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: 'ok' } });
    await app.services.store.close();
    const down = await get('/readyz');
    expect(down.status).toBe(503);
    const body = await down.json();
    expect(body.status).toBe('unavailable');
    expect(body.checks.store).not.toBe('ok');
  });

  it('checks Redis in /readyz when fan-out goes through Redis', async () => {
    app = await startTestApp({ env: { REDIS_URL, REDIS_PREFIX: testRedisPrefix() } });
    // The subscriber connects asynchronously after start.
    const body = await waitFor(async () => {
      const b = await (await get('/readyz')).json();
      return b.status === 'ready' ? b : null;
    }, { what: 'readiness with Redis' });
    expect(body).toEqual({ status: 'ready', checks: { store: 'ok', pubsub: 'ok' } });
  });

  it('serves /metrics only with the bearer token, and 404 without a configured token', async () => {
    app = await startTestApp();
    expect((await get('/metrics')).status).toBe(404);
    await app.dispose();

    app = await startTestApp({ env: { METRICS_TOKEN } });
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);

    const owner = await createUserWithToken(app.services.store, 'ops@kreis.example');
    const docId = (await createDocument(app.services, { user: owner.user, via: 'token' }, { title: 'Metriken', kind: 'text' })).id;
    const c = connectClient(app.wsUrl, docId, owner.token);
    clients.push(c);
    await waitSynced(c);
    c.text.insert(0, 'gemessen');
    await c.tracker.whenSaved();

    const res = await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('werkraum_connections')).toBe(1);
    expect(value('werkraum_documents_loaded')).toBe(1);
    expect(value('werkraum_messages_received_total')).toBeGreaterThan(0);
    expect(value('werkraum_received_bytes_total')).toBeGreaterThan(0);
    expect(value('werkraum_sent_bytes_total')).toBeGreaterThan(0);
    expect(text).toMatch(/werkraum_store_operation_duration_seconds_count\{operation="appendUpdates",outcome="ok"\} [1-9]/);
    expect(text).toContain('werkraum_compactions_total');
    expect(text).toContain('werkraum_errors_total');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
