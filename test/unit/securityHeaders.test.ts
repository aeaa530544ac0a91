import { describe, expect, it } from 'vitest';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { applySecurityHeaders, contentSecurityPolicy } from '../../server/securityHeaders';

/** A real response on a socket that goes nowhere; the head is written to read the headers. */
function fakeExchange(headers: Record<string, string> = {}) {
  const req = new IncomingMessage(new Socket());
  Object.assign(req.headers, headers);
  const res = new ServerResponse(req);
  const written = () => {
    if (!res.headersSent) res.writeHead(200);
    return new Map(Object.entries(res.getHeaders()).map(([k, v]) => [k.toLowerCase(), String(v)]));
  };
  return { req, res, written };
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
    const [sa, sb] = [a.written(), b.written()];
    const csp = sa.get('content-security-policy')!;
    expect(a.req.headers['content-security-policy']).toBe(csp);
    expect(csp).not.toContain('chosen-by-client');
    expect(csp).not.toBe(sb.get('content-security-policy'));
    expect(csp).toContain('frame-ancestors https://intranet.kreis.example');
    expect(sa.get('x-content-type-options')).toBe('nosniff');
    expect(sa.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(sa.has('x-frame-options')).toBe(false);
    expect(sb.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('lets a response keep its own, stricter policy', () => {
    const x = fakeExchange();
    applySecurityHeaders(x.req, x.res, { frameAncestors: "'self'" });
    x.res.setHeader('Content-Security-Policy', "default-src 'none'");
    const headers = x.written();
    expect(headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
  });
});
