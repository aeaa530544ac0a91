import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { tempDir, testEnv } from '../helpers/testApp';
import { createFirstAdmin, startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { passwordSignIn } from '../helpers/authHttp';
import { openStore } from '../../lib/store';
import { parseConfig } from '../../lib/config';

const ADMIN = { name: 'Anna Admin', email: 'anna@kreis.example', password: 'geheim-genug-123' };

async function auditActions(dataDir: string, action: string) {
  const store = await openStore(parseConfig(testEnv(dataDir)));
  try {
    return await store.listAudit({ action, limit: 500 });
  } finally {
    await store.close();
  }
}

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', reject);
  });
}

describe('the door: headers, cookies and sign-in throttling', () => {
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir('werkraum-door-');
    server = await startServerProcess(dataDir, { FRAME_ANCESTORS: "'self' https://intranet.kreis.example" });
    await createFirstAdmin(server, ADMIN);
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends a self-only CSP with a per-response nonce on pages, API answers and static files', async () => {
    const page = await fetch(`${server.url}/login`);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' https://intranet.kreis.example");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const html = await page.text();
    // Every inline script Next writes carries this response's nonce.
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);
    const second = await fetch(`${server.url}/login`);
    expect(second.headers.get('content-security-policy')).not.toBe(csp);

    const script = /<script[^>]+src="(\/_next\/static\/[^"]+)"/.exec(html)![1];
    for (const res of [page, await fetch(`${server.url}/api/v1/documents`), await fetch(`${server.url}${script}`)]) {
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
  });

  it('session cookies are HttpOnly and SameSite=Lax', async () => {
    const ok = await passwordSignIn(server.url, ADMIN.email, ADMIN.password);
    expect(ok.status).toBe(200);
    const session = ok.setCookies.find((c) => c.startsWith('next-auth.session-token='))!;
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).not.toMatch(/; Secure/i);
  });

  it('refuses collaboration upgrades from foreign origins before looking at the cookie', async () => {
    const ws = server.url.replace(/^http/, 'ws') + '/collab/doc-aaaaaaaaaaaa';
    expect(await upgradeStatus(ws, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(ws, { origin: server.url })).toBe(401);
  });

  it('answers 429 with Retry-After after 10 failures for one account in 15 minutes, whatever the password', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await passwordSignIn(server.url, ADMIN.email, `falsch-${i}`);
      expect(res.status).toBe(401);
      expect(res.body.url).toContain('error=CredentialsSignin');
    }
    const blocked = await passwordSignIn(server.url, ADMIN.email.toUpperCase(), ADMIN.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(14 * 60);
    expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(15 * 60);
    expect(blocked.setCookies.some((c) => c.includes('session-token'))).toBe(false);
    expect(blocked.body.url).toContain('/login?error=RateLimited');

    const failed = await auditActions(dataDir, 'auth.failed');
    expect(failed.filter((e) => e.detail.email === ADMIN.email && !e.detail.reason)).toHaveLength(10);
    expect(failed.find((e) => e.detail.reason === 'rate_limited')).toMatchObject({ detail: { scope: 'account', ip: expect.any(String) } });
  });

  it('answers 429 per address after 50 failures across accounts', async () => {
    // The 10 failures above came from this address too.
    for (let i = 0; i < 40; i++) {
      const res = await passwordSignIn(server.url, `unbekannt-${i}@kreis.example`, 'falsch');
      expect(res.status).toBe(401);
    }
    const blocked = await passwordSignIn(server.url, 'noch-jemand@kreis.example', 'falsch');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    const throttled = (await auditActions(dataDir, 'auth.failed')).filter((e) => e.detail.reason === 'rate_limited');
    expect(throttled.map((e) => e.detail.scope)).toContain('address');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('the door behind HTTPS', () => {
  it('marks the session cookie Secure (and __Secure-) when PUBLIC_URL is https', async () => {
    const dataDir = tempDir('werkraum-door-https-');
    const port = await freePort();
    const server = await startServerProcess(dataDir, { PORT: String(port), PUBLIC_URL: 'https://werkraum.kreis.example' });
    try {
      // The proxy in front terminates TLS; the test talks to the port behind it.
      const local = `http://127.0.0.1:${port}`;
      const setupUrl = server.setupUrl!.replace('https://werkraum.kreis.example', local);
      await createFirstAdmin({ ...server, url: local, setupUrl }, ADMIN);
      const ok = await passwordSignIn(local, ADMIN.email, ADMIN.password);
      expect(ok.status).toBe(200);
      const session = ok.setCookies.find((c) => c.startsWith('__Secure-next-auth.session-token='))!;
      expect(session).toMatch(/; Secure/i);
      expect(session).toMatch(/; HttpOnly/i);
      expect(session).toMatch(/; SameSite=Lax/i);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
