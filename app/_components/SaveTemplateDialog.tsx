'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { api } from './apiClient';

/** Administrators: offer a document to everyone as an organisation template. */
export function SaveTemplateDialog({ doc, onClose, onSaved }: { doc: { id: string; title: string }; onClose: () => void; onSaved: (title: string) => void }) {
  const t = useTranslations('templates');
  const tc = useTranslations('common');
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const title = String(data.get('title') ?? '').trim();
    setBusy(true);
    try {
      await api('/api/v1/templates', { method: 'POST', body: { documentId: doc.id, title, description: String(data.get('description') ?? '').trim() } });
      onSaved(title);
      ref.current?.close();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="save-template-title" onClose={onClose}>
      <h2 id="save-template-title">{t('saveTitle', { title: doc.title })}</h2>
      <form onSubmit={save} className="stack">
        <label className="field">
          <span>{t('nameLabel')}</span>
          <input name="title" required maxLength={200} defaultValue={doc.title} />
        </label>
        <label className="field">
          <span>{t('descriptionLabel')}</span>
          <textarea name="description" maxLength={1000} rows={3} />
        </label>
        <p className="muted">{t('saveHint')}</p>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={() => ref.current?.close()}>{tc('cancel')}</button>
          <button type="submit" className="button" disabled={busy}>{t('save')}</button>
        </div>
      </form>
    </dialog>
  );
}
