import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encode } from 'next-auth/jwt';
import { startTestApp, type TestApp } from '../helpers/testApp';

function opens(url: string, headers: Record<string, string>): Promise<number> {
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

describe('collaboration upgrade with a large session', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.dispose());

  it('accepts a session cookie that next-auth split into chunks', async () => {
    const user = await app.services.store.createUser({ email: 'erika@kreis.example', name: 'Erika', passwordHash: null, oidcSubject: 'kc-erika' });
    await app.services.store.createDocument({ id: 'doc-chunked-01', kind: 'text', title: 'Groß', ownerId: user.id });
    // A single sign-on ID token with many groups makes the cookie larger than browsers keep in one.
    const jwt = await encode({ token: { uid: user.id, sub: user.id, idToken: 'x'.repeat(6000) }, secret: app.services.sessionSecret });
    expect(jwt.length).toBeGreaterThan(4096);
    const chunks = jwt.match(/.{1,3900}/g)!;
    const cookie = chunks.map((c, i) => `next-auth.session-token.${i}=${c}`).join('; ');
    expect(await opens(`${app.wsUrl}/doc-chunked-01`, { cookie, origin: app.url })).toBe(101);
    expect(await opens(`${app.wsUrl}/doc-chunked-01`, { cookie: cookie.replace(/next-auth\.session-token\.1=[^;]+/, 'next-auth.session-token.1=broken') })).toBe(401);
  });
});
