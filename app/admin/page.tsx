import { getTranslations } from 'next-intl/server';
import { AppHeader } from '@/app/_components/AppHeader';
import { AdminUsers } from './AdminUsers';
import { AdminNav } from './AdminNav';
import { requireAdmin } from './requireAdmin';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('admin'))('title') };
}

export default async function AdminPage() {
  const principal = await requireAdmin();
  return (
    <>
      <AppHeader principal={principal} />
      <main id="main" className="page">
        <AdminNav current="users" />
        <AdminUsers selfId={principal.user.id} />
      </main>
    </>
  );
}
