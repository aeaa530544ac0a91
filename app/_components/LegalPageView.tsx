import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { legalText, type LegalPage } from '@/lib/legal';
import { getServices } from '@/lib/services';
import { currentPrincipal } from '@/app/_lib/session';
import { AppHeader } from './AppHeader';
import { LegalText } from './LegalText';
import { LanguageSwitch } from './LanguageSwitch';
import { FeedbackForm } from './FeedbackForm';

export async function LegalPageView({ page }: { page: LegalPage }) {
  const t = await getTranslations('legal');
  const tc = await getTranslations('common');
  const principal = await currentPrincipal();
  const { text } = await legalText(getServices().store, page);
  return (
    <>
      {principal ? (
        <AppHeader principal={principal} />
      ) : (
        <header className="app-header">
          <Link href="/" className="brand">{tc('appName')}</Link>
          <div className="header-actions"><LanguageSwitch /><Link href="/login">{t('signIn')}</Link></div>
        </header>
      )}
      <main id="main" className="page narrow">
        <h1>{t(page)}</h1>
        <div lang="de"><LegalText text={text} /></div>
        {page === 'barrierefreiheit' && <FeedbackForm />}
      </main>
    </>
  );
}
