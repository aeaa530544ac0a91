import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { Services } from '../services';
import { verifyPassword } from './password';

/** next-auth prefixes its cookie with __Secure- when the public URL is https. */
export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

/** next-auth options, built from the running services (the store is not known at import time). */
export function buildAuthOptions(s: Pick<Services, 'store' | 'sessionSecret' | 'logger'>): NextAuthOptions {
  return {
    secret: s.sessionSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'E-Mail',
        credentials: {
          email: { label: 'E-Mail', type: 'email' },
          password: { label: 'Passwort', type: 'password' },
        },
        async authorize(credentials) {
          const email = String(credentials?.email ?? '').trim();
          const password = String(credentials?.password ?? '');
          const user = email ? await s.store.getUserByEmail(email) : null;
          const ok = await verifyPassword(user?.passwordHash ?? null, password);
          if (!user || !ok || user.disabled) {
            await s.store.audit({ actor: user?.id ?? null, action: 'auth.failed', detail: { email } });
            // One generic answer for unknown account, wrong password and disabled account.
            return null;
          }
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === 'string') (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
    events: {
      async signIn({ user }) {
        await s.store.audit({ actor: user.id, action: 'auth.signin' });
      },
      async signOut({ token }) {
        await s.store.audit({ actor: typeof token?.uid === 'string' ? token.uid : null, action: 'auth.signout' });
      },
    },
  };
}
