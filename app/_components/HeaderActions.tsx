'use client';

import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { LanguageSwitch } from './LanguageSwitch';

export function HeaderActions({ name }: { name: string }) {
  const t = useTranslations('common');
  return (
    <div className="header-actions">
      <span className="user-name">{t('signedInAs', { name })}</span>
      <LanguageSwitch />
      <button
        type="button"
        className="button secondary"
        onClick={async () => {
          // Ask before the session ends: the provider's logout needs the session's ID token.
          const provider = await fetch('/api/auth/provider-logout')
            .then((r) => (r.ok ? (r.json() as Promise<{ url: string | null }>) : { url: null }))
            .catch(() => ({ url: null }));
          await signOut({ redirect: false });
          window.location.assign(provider.url ?? '/login');
        }}
      >
        {t('signOut')}
      </button>
    </div>
  );
}
