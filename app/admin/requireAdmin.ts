import { notFound } from 'next/navigation';
import { requirePrincipal } from '@/app/_lib/session';

export async function requireAdmin() {
  const principal = await requirePrincipal();
  if (!principal.user.isAdmin) notFound();
  return principal;
}
