import { describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applySecurityHeaders, contentSecurityPolicy } from '../../server/securityHeaders';

function fakeExchange(headers: Record<string, string> = {}) {
  const set = new Map<string, string>();
  const req = { headers: { ...headers } } as unknown as IncomingMessage;
  const res = { setHeader: (k: string, v: string) => set.set(k.toLowerCase(), v) } as unknown as ServerResponse;
  return { req, res, set };
}

describe('security headers', () => {
  it('allows only our own origin, with a nonce for inline scripts', () => {
    const csp = contentSecurityPolicy('abc123', { frameAncestors: "'self'" });
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
  });

  it('gives each response a fresh nonce and hands it to Next through the request', () => {
    const a = fakeExchange({ 'content-security-policy': "script-src 'nonce-chosen-by-client'" });
    applySecurityHeaders(a.req, a.res, { frameAncestors: 'https://intranet.kreis.example' });
    const b = fakeExchange();
    applySecurityHeaders(b.req, b.res, { frameAncestors: "'self'" });
    const csp = a.set.get('content-security-policy')!;
    expect(a.req.headers['content-security-policy']).toBe(csp);
    expect(csp).not.toContain('chosen-by-client');
    expect(csp).not.toBe(b.set.get('content-security-policy'));
    expect(csp).toContain('frame-ancestors https://intranet.kreis.example');
    expect(a.set.get('x-content-type-options')).toBe('nosniff');
    expect(a.set.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(a.set.has('x-frame-options')).toBe(false);
    expect(b.set.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
