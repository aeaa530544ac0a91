import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ContrastToggle } from './ContrastToggle';

/** Legal links on every page (Impressum, Datenschutz, Barrierefreiheit). */
export async function SiteFooter() {
  const t = await getTranslations('legal');
  return (
    <footer className="site-footer">
      <nav aria-label={t('footerNav')}>
        <ul>
          <li><Link href="/impressum">{t('impressum')}</Link></li>
          <li><Link href="/datenschutz">{t('datenschutz')}</Link></li>
          <li><Link href="/barrierefreiheit">{t('barrierefreiheit')}</Link></li>
        </ul>
      </nav>
      <ContrastToggle />
    </footer>
  );
}
