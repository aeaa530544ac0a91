'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';

const COOKIE = 'contrast';

/** High-contrast mode, remembered per browser; `prefers-contrast: more` applies it automatically. */
export function ContrastToggle() {
  const t = useTranslations('common');
  const [high, setHigh] = useState(false);
  useEffect(() => setHigh(document.documentElement.classList.contains('high-contrast')), []);
  return (
    <button
      type="button"
      className="link-button"
      aria-pressed={high}
      onClick={() => {
        const next = !high;
        document.documentElement.classList.toggle('high-contrast', next);
        document.cookie = `${COOKIE}=${next ? 'high' : 'normal'}; path=/; max-age=31536000; samesite=lax`;
        setHigh(next);
      }}
    >
      {t('highContrast')}
    </button>
  );
}
