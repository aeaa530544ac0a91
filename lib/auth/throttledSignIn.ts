import type { Services } from '../services';

/** Set by the HTTP front from the socket (or a trusted proxy); clients cannot choose it. */
export const CLIENT_IP_HEADER = 'x-werkraum-client-ip';

export function clientIp(headers: Headers | Record<string, unknown>): string {
  const v = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers[CLIENT_IP_HEADER];
  return typeof v === 'string' && v ? v : 'unknown';
}

/**
 * Guards a password sign-in request before next-auth sees it: a throttled account or address
 * gets 429 with Retry-After, whatever the password. The JSON body carries the `url` next-auth's
 * client expects, so the sign-in form can tell the user why.
 */
export async function throttlePasswordSignIn(s: Services, req: Request): Promise<Response | null> {
  const body = new URLSearchParams(await req.clone().text());
  const email = (body.get('email') ?? '').trim().toLowerCase();
  const ip = clientIp(req.headers);
  const verdict = s.signInLimiter.begin(email, ip);
  if (verdict.allowed) return null;
  if (verdict.firstRefusal) {
    await s.store.audit({ actor: null, action: 'auth.failed', detail: { email, ip, reason: 'rate_limited', scope: verdict.scope } });
  }
  s.logger.warn({ ip, scope: verdict.scope, retryAfterS: verdict.retryAfterS }, 'password sign-in throttled');
  const url = `${s.publicUrl}/login?error=RateLimited&retryAfter=${verdict.retryAfterS}`;
  return new Response(JSON.stringify({ url, error: { code: 'rate_limited', message: 'Too many failed sign-in attempts' } }), {
    status: 429,
    headers: { 'content-type': 'application/json', 'retry-after': String(verdict.retryAfterS) },
  });
}
