import { getTranslations } from 'next-intl/server';
import { AppHeader } from '@/app/_components/AppHeader';
import { AdminNav } from '../AdminNav';
import { requireAdmin } from '../requireAdmin';
import { AdminAudit } from './AdminAudit';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('adminAudit'))('title') };
}

export default async function AdminAuditPage() {
  const principal = await requireAdmin();
  return (
    <>
      <AppHeader principal={principal} />
      <main id="main" className="page">
        <AdminNav current="audit" />
        <AdminAudit />
      </main>
    </>
  );
}
