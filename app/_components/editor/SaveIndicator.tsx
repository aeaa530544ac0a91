'use client';

import { useTranslations } from 'next-intl';
import type { SaveStatus } from '@/lib/collab/SaveTracker';

/** Truthful status: "saved" only after the server confirmed the edits are stored. */
export function SaveIndicator({ status }: { status: SaveStatus }) {
  const t = useTranslations('editor.status');
  const label = status.state === 'offline' ? t('offline', { count: status.pending }) : t(status.state);
  return (
    <span className={`save-indicator save-${status.state}`} data-state={status.state} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      {label}
    </span>
  );
}
