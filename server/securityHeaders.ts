import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SecurityHeaderOptions {
  /** CSP `frame-ancestors` sources (FRAME_ANCESTORS). */
  frameAncestors: string;
  /** Next's development overlay and React's dev call stacks need eval. */
  dev?: boolean;
}

/**
 * The Content-Security-Policy for one response. Scripts: our own files plus inline scripts
 * carrying this response's nonce (Next reads the nonce from the request's CSP header and puts
 * it on its inline bootstrap scripts). Styles allow inline: the editor, the grid and React
 * `style` attributes set styles inline, and a nonce cannot cover style attributes.
 */
export function contentSecurityPolicy(nonce: string, opts: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${opts.frameAncestors}`,
  ].join('; ');
}

/**
 * Sets the security headers on every HTTP response (pages, API, static files) and hands Next
 * the nonce through the request's CSP header before Next sees the request. The headers are
 * defaults, added when the response head is written: a response that sets its own policy (the
 * sandboxed HTML export) keeps it, because Next never replaces a header that is already set.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, opts: SecurityHeaderOptions): void {
  const csp = contentSecurityPolicy(randomBytes(16).toString('base64'), opts);
  // A client must not choose the nonce: whatever it sent is replaced.
  req.headers['content-security-policy'] = csp;
  delete req.headers['content-security-policy-report-only'];
  const defaults: Array<[string, string]> = [
    ['Content-Security-Policy', csp],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
  ];
  if (opts.frameAncestors.trim() === "'none'") defaults.push(['X-Frame-Options', 'DENY']);
  else if (opts.frameAncestors.trim() === "'self'") defaults.push(['X-Frame-Options', 'SAMEORIGIN']);
  const writeHead = res.writeHead;
  // Node calls writeHead for implicit heads too (a bare end() or write()).
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    for (const [name, value] of defaults) if (!this.hasHeader(name)) this.setHeader(name, value);
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}
