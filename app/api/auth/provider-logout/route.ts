import { getToken } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import { getServices } from '@/lib/services';
import { sessionCookieName } from '@/lib/auth/nextAuthOptions';
import { providerLogoutUrl } from '@/lib/auth/providerLogout';

export const dynamic = 'force-dynamic';

/**
 * Asked by the sign-out button before it ends the session: the provider's logout address for a
 * session that came from single sign-on, so signing out of Werkraum also signs out at Keycloak.
 */
export async function GET(req: NextRequest) {
  const s = getServices();
  let url: string | null = null;
  if (s.config.oidc) {
    const token = await getToken({ req, secret: s.sessionSecret, cookieName: sessionCookieName(s.publicUrl) });
    const idToken = typeof token?.idToken === 'string' ? token.idToken : null;
    url = await providerLogoutUrl(s.config.oidc, idToken, s.publicUrl).catch((err: unknown) => {
      s.logger.warn({ err }, 'provider logout address unavailable');
      return null;
    });
  }
  return Response.json({ url }, { headers: { 'cache-control': 'no-store' } });
}
