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
          await signOut({ redirect: false });
          window.location.assign('/login');
        }}
      >
        {t('signOut')}
      </button>
    </div>
  );
}
