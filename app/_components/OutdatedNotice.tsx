'use client';

import { useTranslations } from 'next-intl';

/**
 * Shown when the server was upgraded after this page was loaded: the page's code is older than
 * the server's, so it stops syncing until reloaded. Edits made meanwhile wait in IndexedDB.
 */
export function OutdatedNotice() {
  const t = useTranslations('access');
  return (
    <div role="alert" className="error outdated-notice">
      <p>{t('outdated')}</p>
      <button type="button" className="button small" onClick={() => location.reload()}>
        {t('reload')}
      </button>
    </div>
  );
}
