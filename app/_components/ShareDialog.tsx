'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { api, ApiError } from './apiClient';

interface Entry {
  principal: 'user';
  id: string;
  role: 'owner' | 'editor' | 'commenter' | 'viewer';
  email: string;
  name: string;
}

/** Owner-only dialog: give named users edit or read access. */
export function ShareDialog({ doc, onClose }: { doc: { id: string; title: string }; selfId: string; onClose: () => void }) {
  const t = useTranslations('share');
  const tr = useTranslations('roles');
  const tc = useTranslations('common');
  const ref = useRef<HTMLDialogElement>(null);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    ref.current?.showModal();
    api<{ entries: Entry[] }>(`/api/v1/documents/${doc.id}/acl`).then((d) => setEntries(d.entries), (e) => setError(e.message));
  }, [doc.id]);

  async function save(next: Entry[]) {
    try {
      const body = { entries: next.filter((e) => e.role !== 'owner').map((e) => ({ principal: 'user', id: e.id, role: e.role })) };
      const d = await api<{ entries: Entry[] }>(`/api/v1/documents/${doc.id}/acl`, { method: 'PUT', body });
      setEntries(d.entries);
      setStatus(t('saved'));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const role = String(data.get('role')) as Entry['role'];
    try {
      const user = await api<{ id: string; name: string; email: string }>(`/api/v1/users/lookup?email=${encodeURIComponent(email)}`);
      await save([...entries.filter((x) => x.id !== user.id), { principal: 'user', ...user, role }]);
      form.reset();
    } catch (err) {
      setError(err instanceof ApiError && (err.status === 404 || err.status === 400) ? t('unknownUser') : (err as Error).message);
    }
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="share-title" onClose={onClose}>
      <h2 id="share-title">{t('title', { title: doc.title })}</h2>
      <form onSubmit={add} className="inline-form">
        <label className="field grow"><span>{t('email')}</span><input name="email" type="email" required /></label>
        <label className="field">
          <span>{t('role')}</span>
          <select name="role" defaultValue="editor">
            <option value="editor">{tr('editor')}</option>
            <option value="commenter">{tr('commenter')}</option>
            <option value="viewer">{tr('viewer')}</option>
          </select>
        </label>
        <button type="submit" className="button">{t('add')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      <p role="status" className="status-line">{status}</p>
      <h3>{t('people')}</h3>
      <ul className="acl-list">
        {entries.map((e) => (
          <li key={e.id}>
            <span><strong>{e.name}</strong> <span className="muted">{e.email}</span></span>
            {e.role === 'owner' ? (
              <span>{tr('owner')}</span>
            ) : (
              <span className="acl-actions">
                <label className="visually-hidden" htmlFor={`role-${e.id}`}>{t('role')}: {e.name}</label>
                <select id={`role-${e.id}`} value={e.role}
                  onChange={(ev) => save(entries.map((x) => (x.id === e.id ? { ...x, role: ev.target.value as Entry['role'] } : x)))}>
                  <option value="editor">{tr('editor')}</option>
                  <option value="commenter">{tr('commenter')}</option>
                  <option value="viewer">{tr('viewer')}</option>
                </select>
                <button type="button" className="button small secondary" aria-label={t('removeLabel', { name: e.name })}
                  onClick={() => save(entries.filter((x) => x.id !== e.id))}>{t('remove')}</button>
              </span>
            )}
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" className="button secondary" onClick={() => ref.current?.close()}>{tc('close')}</button>
      </div>
    </dialog>
  );
}
