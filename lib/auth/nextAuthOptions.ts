import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { Services } from '../services';
import { verifyPassword } from './password';
import { OIDC_PROVIDER_ID, oidcProvider, resolveOidcUser, type OidcSignInUser } from './oidc';
import { clientIp } from './throttledSignIn';

/** next-auth prefixes its cookie with __Secure- when the public URL is https. */
export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

type AuthServices = Pick<Services, 'store' | 'sessionSecret' | 'logger' | 'publicUrl' | 'config' | 'signInLimiter'>;

function credentialsProvider(s: AuthServices) {
  return CredentialsProvider({
    id: 'credentials',
    name: 'E-Mail',
    credentials: {
      email: { label: 'E-Mail', type: 'email' },
      password: { label: 'Passwort', type: 'password' },
    },
    async authorize(credentials, req) {
      const email = String(credentials?.email ?? '').trim();
      const password = String(credentials?.password ?? '');
      const ip = clientIp(req?.headers ?? {});
      const user = email ? await s.store.getUserByEmail(email) : null;
      const ok = await verifyPassword(user?.passwordHash ?? null, password);
      if (!user || !ok || user.disabled) {
        // The attempt already counts against the account and the address (route handler).
        await s.store.audit({ actor: user?.id ?? null, action: 'auth.failed', detail: { email, ip } });
        // One generic answer for unknown account, wrong password and disabled account.
        return null;
      }
      s.signInLimiter.succeeded(email, ip);
      return { id: user.id, email: user.email, name: user.name };
    },
  });
}

/** next-auth options, built from the running services (the store is not known at import time). */
export function buildAuthOptions(s: AuthServices): NextAuthOptions {
  const { oidc, localLogin } = s.config;
  const providers: NextAuthOptions['providers'] = [];
  if (localLogin) providers.push(credentialsProvider(s));
  if (oidc) providers.push(oidcProvider(oidc, (claims) => resolveOidcUser(s.store, oidc, claims, s.logger)));
  return {
    secret: s.sessionSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    // HttpOnly and SameSite=Lax are next-auth's defaults; Secure (and the __Secure- prefix)
    // follow the public URL, not the request, so a TLS-terminating proxy still gets them.
    useSecureCookies: s.publicUrl.startsWith('https://'),
    pages: { signIn: '/login', error: '/login' },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === OIDC_PROVIDER_ID && (user as Partial<OidcSignInUser>).disabled) {
          await s.store.audit({ actor: user.id, action: 'auth.failed', detail: { provider: OIDC_PROVIDER_ID, reason: 'disabled' } });
          return false;
        }
        return true;
      },
      jwt({ token, user, account }) {
        if (user) token.uid = user.id;
        // Kept (encrypted in the cookie) for RP-initiated logout at the provider.
        if (account?.provider === OIDC_PROVIDER_ID && account.id_token) token.idToken = account.id_token;
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === 'string') (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
    events: {
      async signIn({ user, account }) {
        await s.store.audit({ actor: user.id, action: 'auth.signin', detail: { provider: account?.provider ?? 'credentials' } });
      },
      async signOut({ token }) {
        await s.store.audit({ actor: typeof token?.uid === 'string' ? token.uid : null, action: 'auth.signout' });
      },
    },
  };
}
