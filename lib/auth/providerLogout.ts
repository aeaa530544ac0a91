import type { OidcConfig } from '../config';

const DISCOVERY_TTL_MS = 60 * 60_000;
const discovered = new Map<string, { at: number; endSession: string | null }>();

/** The provider's end_session_endpoint from its discovery document, cached for an hour. */
async function endSessionEndpoint(issuer: string): Promise<string | null> {
  const hit = discovered.get(issuer);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.endSession;
  const res = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`OpenID discovery answered ${res.status}`);
  const meta = (await res.json()) as { end_session_endpoint?: unknown };
  const endSession = typeof meta.end_session_endpoint === 'string' ? meta.end_session_endpoint : null;
  discovered.set(issuer, { at: Date.now(), endSession });
  return endSession;
}

/**
 * Where the browser goes after our session ended, to end the provider's session too
 * (RP-initiated logout): back to our sign-in page afterwards. Null when the user did not sign in
 * through the provider, or the provider offers no logout.
 */
export async function providerLogoutUrl(cfg: OidcConfig, idToken: string | null, publicUrl: string): Promise<string | null> {
  if (!idToken) return null;
  const endpoint = await endSessionEndpoint(cfg.issuer);
  if (!endpoint) return null;
  const url = new URL(endpoint);
  url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('client_id', cfg.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${publicUrl}/login`);
  return url.toString();
}
