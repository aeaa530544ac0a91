import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentPrincipal } from '@/app/_lib/session';
import { getServices } from '@/lib/services';
import { LoginForm, type Failure } from './LoginForm';
import { LanguageSwitch } from '@/app/_components/LanguageSwitch';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('login'))('title') };
}

/** next-auth sends failed sign-ins back here with an error code in the query. */
function failureFromQuery(error: string | string[] | undefined): Failure {
  if (!error || Array.isArray(error)) return null;
  if (error === 'RateLimited') return 'throttled';
  if (error === 'CredentialsSignin') return 'credentials';
  return 'sso';
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentPrincipal()) redirect('/');
  const t = await getTranslations();
  const { config } = getServices();
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <p className="brand">{t('common.appName')}</p>
        <h1>{t('login.title')}</h1>
        <LoginForm sso={!!config.oidc} local={config.localLogin} initialFailure={failureFromQuery((await searchParams).error)} />
        <p className="auth-lang"><LanguageSwitch /></p>
      </div>
    </main>
  );
}
