'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { api } from './apiClient';

interface Link {
  id: string;
  role: 'viewer' | 'editor';
  expiresAt: string | null;
  createdAt: string;
}

/** Share links of a document: create (the address is shown once), list and revoke. */
export function ShareLinks({ docId }: { docId: string }) {
  const t = useTranslations('share');
  const tr = useTranslations('roles');
  const format = useFormatter();
  const [links, setLinks] = useState<Link[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setLinks((await api<{ links: Link[] }>(`/api/v1/documents/${docId}/links`)).links);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [docId]);
  useEffect(() => void load(), [load]);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const days = Number(data.get('days') || 0);
    try {
      const body = { role: data.get('role'), ...(days > 0 ? { expiresAt: new Date(Date.now() + days * 86_400_000).toISOString() } : {}) };
      const link = await api<{ url: string }>(`/api/v1/documents/${docId}/links`, { method: 'POST', body });
      setCreated(link.url);
      setError('');
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function revoke(id: string) {
    try {
      await api(`/api/v1/documents/${docId}/links/${id}`, { method: 'DELETE' });
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <section aria-labelledby="links-title" className="stack">
      <h3 id="links-title">{t('links')}</h3>
      <form onSubmit={create} className="inline-form">
        <label className="field">
          <span>{t('role')}</span>
          <select name="role" defaultValue="viewer">
            <option value="viewer">{tr('viewer')}</option>
            <option value="editor">{tr('editor')}</option>
          </select>
        </label>
        <label className="field"><span>{t('linkDays')}</span><input name="days" type="number" min={0} max={3650} defaultValue={0} /></label>
        <button type="submit" className="button">{t('createLink')}</button>
      </form>
      {created && (
        <p role="status">
          {t('linkCreated')} <input readOnly aria-label={t('linkAddress')} value={created} onFocus={(e) => e.currentTarget.select()} />
        </p>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <ul className="acl-list">
        {links.map((l) => (
          <li key={l.id}>
            <span>
              {tr(l.role)}{' '}
              <span className="muted">
                {l.expiresAt ? t('linkExpires', { date: format.dateTime(new Date(l.expiresAt), { dateStyle: 'medium' }) }) : t('linkNoExpiry')}
              </span>
            </span>
            <button type="button" className="button small secondary" onClick={() => revoke(l.id)}>{t('revokeLink')}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
