'use client';

import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { useTranslations } from 'next-intl';
import type { WebsocketProvider } from 'y-websocket';
import { ActivitySummary, type Activity } from '@/lib/collab/ActivitySummary';

const SUMMARY_INTERVAL_MS = 5000;

/**
 * A polite live region for screen readers: who is there on opening, who joins and leaves, and at
 * most every few seconds a summary of who changed the document — never one per keystroke.
 */
export function Announcer({ provider, ydoc }: { provider: WebsocketProvider; ydoc: Y.Doc }) {
  const t = useTranslations('editor.announcer');
  const [message, setMessage] = useState('');

  useEffect(() => {
    const summary = new ActivitySummary(provider, ydoc);
    const say = (a: Activity): string => {
      if (a.kind === 'editedAnonymous') return t('editedAnonymous');
      if ('names' in a) return t(a.kind, { names: a.names.join(', '), count: a.names.length });
      return t(a.kind, { name: a.name });
    };
    const timer = setInterval(() => {
      const said = summary.take().map(say);
      if (said.length) setMessage(said.join(' '));
    }, SUMMARY_INTERVAL_MS);
    return () => {
      clearInterval(timer);
      summary.destroy();
    };
  }, [provider, ydoc, t]);

  return <div className="visually-hidden" role="log" aria-live="polite" aria-atomic="false" data-testid="announcer">{message}</div>;
}
