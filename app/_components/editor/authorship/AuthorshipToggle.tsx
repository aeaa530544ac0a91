'use client';

import { useEffect, useRef, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { useTranslations } from 'next-intl';
import type { Collab } from '@/app/_hooks/useCollabProvider';
import type { AuthorshipView } from '@/lib/documents/versions';
import { api } from '@/app/_components/apiClient';
import { authorshipKey, type AuthorshipInfo } from './authorshipPlugin';

/** Later clients of people who stay in the document are picked up on the next refresh. */
const REFRESH_MS = 10_000;

interface PresenceUser {
  id?: string;
  name?: string;
  color?: string;
}

/** "Who wrote what": colours the live text by author, with a legend. */
export function AuthorshipToggle({ editor, collab, docId }: { editor: Editor; collab: Collab; docId: string }) {
  const t = useTranslations('history');
  const [on, setOn] = useState(false);
  const [people, setPeople] = useState<Array<{ id: string; name: string; color: string }>>([]);
  const [error, setError] = useState<string | null>(null);
  const shown = useRef(false);

  useEffect(() => {
    if (!on) {
      // Only a switch from on to off touches the editor; mounting leaves it alone.
      if (shown.current && !editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(authorshipKey, { info: null }));
      shown.current = false;
      return;
    }
    shown.current = true;
    let live = true;
    const refresh = async () => {
      try {
        const view = await api<AuthorshipView>(`/api/v1/documents/${encodeURIComponent(docId)}/authorship`);
        const info: AuthorshipInfo = {
          marks: new Map(Object.entries(view.marks).map(([client, list]) => [Number(client), list])),
          people: new Map(view.people.map((p) => [p.id, { name: p.name, color: p.color }])),
        };
        // People here now are known from presence even before the server is asked again.
        for (const [client, state] of collab.provider.awareness.getStates()) {
          const user = (state as { user?: PresenceUser }).user;
          if (!user?.id || !user.name || !user.color) continue;
          if (!info.marks.has(client)) info.marks.set(client, [[0, user.id]]);
          if (!info.people.has(user.id)) info.people.set(user.id, { name: user.name, color: user.color });
        }
        if (!live || editor.isDestroyed) return;
        setPeople([...info.people].map(([id, p]) => ({ id, ...p })));
        setError(null);
        editor.view.dispatch(editor.state.tr.setMeta(authorshipKey, { info }));
      } catch (err) {
        if (live) setError((err as Error).message);
      }
    };
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [on, editor, collab, docId]);

  return (
    <div className="authorship-toggle">
      <button type="button" className="button small secondary" aria-pressed={on} onClick={() => setOn(!on)}>
        {t('whoWroteWhat')}
      </button>
      {on && people.length > 0 && (
        <ul className="diff-legend" aria-label={t('legend')}>
          {people.map((p) => (
            <li key={p.id}>
              <span className="diff-swatch" style={{ background: p.color }} aria-hidden="true" />
              {p.name}
            </li>
          ))}
        </ul>
      )}
      {error && <p role="alert" className="error">{t('error', { message: error })}</p>}
    </div>
  );
}
