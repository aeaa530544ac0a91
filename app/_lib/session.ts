import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { buildAuthOptions } from '@/lib/auth/nextAuthOptions';
import { principalFromUserId, type Principal } from '@/lib/auth/principal';
import { getServices } from '@/lib/services';

export function authOptions() {
  return buildAuthOptions(getServices());
}

/** The signed-in principal from the session cookie, or null (disabled users count as signed out). */
export async function currentPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(authOptions());
  const uid = (session?.user as { id?: string } | undefined)?.id;
  return principalFromUserId(getServices().store, uid);
}

/** For pages: the principal, or a redirect to the sign-in page. */
export async function requirePrincipal(): Promise<Principal> {
  const p = await currentPrincipal();
  if (!p) redirect('/login');
  return p;
}
