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
  if (oidc) {
    providers.push(
      oidcProvider(oidc, async (claims) => {
        try {
          return await resolveOidcUser(s.store, oidc, claims, s.logger);
        } catch (err) {
          // A throwing profile makes next-auth silently restart the sign-in; refusing in the
          // signIn callback instead shows the user an error and leaves an audit entry.
          s.logger.warn({ err, sub: claims.sub }, 'single sign-on refused');
          return { id: `refused:${String(claims.sub)}`, email: '', name: '', disabled: true, refused: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
  }
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
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const u = user as Partial<OidcSignInUser>;
        if (u.refused) {
          await s.store.audit({ actor: null, action: 'auth.failed', detail: { provider: OIDC_PROVIDER_ID, reason: u.refused } });
          return false;
        }
        if (u.disabled) {
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
    // next-auth's own log goes to ours; a failed single sign-on is also an audit entry.
    logger: {
      error(code, metadata) {
        const err = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
        s.logger.warn({ code, err }, 'sign-in error');
        if (code === 'OAUTH_CALLBACK_ERROR' || code === 'OAUTH_CALLBACK_HANDLER_ERROR') {
          void s.store.audit({ actor: null, action: 'auth.failed', detail: { provider: OIDC_PROVIDER_ID, code } }).catch(() => undefined);
        }
      },
      warn(code) {
        s.logger.warn({ code }, 'sign-in warning');
      },
      debug() {},
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
