import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePrincipal } from '@/app/_lib/session';
import { AppHeader } from '@/app/_components/AppHeader';
import { AdminUsers } from './AdminUsers';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('admin'))('title') };
}

export default async function AdminPage() {
  const principal = await requirePrincipal();
  if (!principal.user.isAdmin) notFound();
  return (
    <>
      <AppHeader principal={principal} />
      <main id="main" className="page">
        <AdminUsers selfId={principal.user.id} />
      </main>
    </>
  );
}
