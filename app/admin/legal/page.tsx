import { getTranslations } from 'next-intl/server';
import { LEGAL_PAGES, legalText } from '@/lib/legal';
import { getServices } from '@/lib/services';
import { AppHeader } from '@/app/_components/AppHeader';
import { AdminNav } from '../AdminNav';
import { requireAdmin } from '../requireAdmin';
import { LegalEditor } from './LegalEditor';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('admin'))('legalTitle') };
}

export default async function AdminLegalPage() {
  const principal = await requireAdmin();
  const t = await getTranslations('admin');
  const texts = await Promise.all(LEGAL_PAGES.map(async (page) => ({ page, text: (await legalText(getServices().store, page)).text })));
  return (
    <>
      <AppHeader principal={principal} />
      <main id="main" className="page">
        <AdminNav current="legal" />
        <h1>{t('legalTitle')}</h1>
        <p>{t('legalIntro')}</p>
        {texts.map(({ page, text }) => <LegalEditor key={page} page={page} initial={text} />)}
      </main>
    </>
  );
}
