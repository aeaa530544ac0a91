import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentPrincipal } from '@/app/_lib/session';
import { LoginForm } from './LoginForm';
import { LanguageSwitch } from '@/app/_components/LanguageSwitch';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('login'))('title') };
}

export default async function LoginPage() {
  if (await currentPrincipal()) redirect('/');
  const t = await getTranslations();
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <p className="brand">{t('common.appName')}</p>
        <h1>{t('login.title')}</h1>
        <LoginForm />
        <p className="auth-lang"><LanguageSwitch /></p>
      </div>
    </main>
  );
}
