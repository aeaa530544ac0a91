'use client';

import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { useTranslations } from 'next-intl';
import { META_MAP } from '@/lib/richtext/extensions';

/** The title lives in the Y.Doc (meta.title), so everyone edits it live. */
export function TitleField({ ydoc, initialTitle, editable }: { ydoc: Y.Doc | null; initialTitle: string; editable: boolean }) {
  const t = useTranslations('editor');
  const [title, setTitle] = useState(initialTitle);

  useEffect(() => {
    if (!ydoc) return;
    const meta = ydoc.getMap(META_MAP);
    const update = () => {
      const v = meta.get('title');
      if (typeof v === 'string') setTitle(v);
    };
    update();
    meta.observe(update);
    return () => meta.unobserve(update);
  }, [ydoc]);

  useEffect(() => {
    document.title = `${title || initialTitle} – Werkraum`;
  }, [title, initialTitle]);

  return (
    <h1 className="title-heading">
      <input
        className="title-input"
        aria-label={t('title')}
        value={title}
        maxLength={200}
        readOnly={!editable}
        onChange={(e) => {
          setTitle(e.target.value);
          ydoc?.getMap(META_MAP).set('title', e.target.value);
        }}
      />
    </h1>
  );
}
