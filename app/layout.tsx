import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { cookies } from 'next/headers';
import { SiteFooter } from './_components/SiteFooter';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Werkraum', template: '%s – Werkraum' },
  description: 'Gemeinsam Dokumente in Echtzeit bearbeiten',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations('common');
  const highContrast = (await cookies()).get('contrast')?.value === 'high';
  return (
    <html lang={locale} className={highContrast ? 'high-contrast' : undefined}>
      <body>
        <a className="skip-link" href="#main">{t('skipToContent')}</a>
        <NextIntlClientProvider>
          {children}
          <SiteFooter />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
