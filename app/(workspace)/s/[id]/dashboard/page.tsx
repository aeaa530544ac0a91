import { getTranslations } from 'next-intl/server';
import { AppHeader } from '@/app/_components/AppHeader';
import { SheetDashboard } from '@/app/_components/dashboard/SheetDashboard';
import { documentPageTitle, loadDocumentPage } from '../../../loadDocumentPage';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const t = await getTranslations('dashboard');
  return { title: `${t('title')}: ${await documentPageTitle((await params).id)}` };
}

/** Figures and charts of a prioritisation sheet, live while people edit it. */
export default async function SheetDashboardPage({ params }: { params: Promise<{ id: string }> }) {
  const { principal, doc } = await loadDocumentPage((await params).id, 'sheet');
  return (
    <>
      <AppHeader principal={principal} />
      <SheetDashboard docId={doc.id} title={doc.title} />
    </>
  );
}
