import { getTranslations } from 'next-intl/server';
import { AppHeader } from '@/app/_components/AppHeader';
import { AdminNav } from '../AdminNav';
import { requireAdmin } from '../requireAdmin';
import { AdminGroups } from './AdminGroups';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('adminGroups'))('title') };
}

export default async function AdminGroupsPage() {
  const principal = await requireAdmin();
  return (
    <>
      <AppHeader principal={principal} />
      <main id="main" className="page">
        <AdminNav current="groups" />
        <AdminGroups />
      </main>
    </>
  );
}
