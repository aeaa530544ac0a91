import { getTranslations } from 'next-intl/server';
import { getServices } from '@/lib/services';
import { SetupForm } from './SetupForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('setup'))('title') };
}

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const t = await getTranslations();
  const { token } = await searchParams;
  const open = getServices().setup.token !== null && (await getServices().store.countUsers()) === 0;
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <p className="brand">{t('common.appName')}</p>
        <h1>{t('setup.title')}</h1>
        {open && token ? <SetupForm token={token} /> : <p role="alert" className="error">{t('setup.invalid')}</p>}
      </div>
    </main>
  );
}
