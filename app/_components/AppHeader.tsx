import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { Principal } from '@/lib/auth/principal';
import { HeaderActions } from './HeaderActions';

/** Top bar of every signed-in page. */
export async function AppHeader({ principal }: { principal: Principal }) {
  const t = await getTranslations('common');
  return (
    <header className="app-header">
      <Link href="/" className="brand">{t('appName')}</Link>
      <nav aria-label={t('mainNav')}>
        <ul>
          <li><Link href="/">{t('documents')}</Link></li>
          {principal.user.isAdmin && <li><Link href="/admin">{t('admin')}</Link></li>}
        </ul>
      </nav>
      <HeaderActions name={principal.user.name} />
    </header>
  );
}
