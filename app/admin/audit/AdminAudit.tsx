'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { api } from '@/app/_components/apiClient';
import { AUDIT_ACTIONS } from '@/lib/audit';
import { AuditDetail } from './AuditDetail';

interface Entry {
  at: string;
  actor: string | null;
  action: string;
  documentId: string | null;
  detail: Record<string, unknown>;
}

/** The audit log, newest first, filtered by action and document. */
export function AdminAudit() {
  const t = useTranslations('adminAudit');
  const tc = useTranslations('common');
  const format = useFormatter();
  const [filter, setFilter] = useState({ action: '', documentId: '' });
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
      setEntries((await api<{ entries: Entry[] }>(`/api/v1/admin/audit?${q}`)).entries);
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, [filter]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    api<{ users: Array<{ id: string; name: string }> }>('/api/v1/admin/users').then(
      (d) => setNames(Object.fromEntries(d.users.map((u) => [u.id, u.name]))),
      () => undefined,
    );
  }, []);

  // Entries written by an older version may name an action no longer in the list: shown as stored.
  const actionLabel = (action: string) => ((AUDIT_ACTIONS as readonly string[]).includes(action) ? t(`actions.${action.replaceAll('.', '_')}`) : action);

  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    setFilter({ action: String(d.get('action') ?? '').trim(), documentId: String(d.get('documentId') ?? '').trim() });
  }

  return (
    <div className="stack">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <form onSubmit={apply} className="inline-form" aria-label={t('filter')}>
        <label className="field">
          <span>{t('action')}</span>
          <select name="action" defaultValue={filter.action}>
            <option value="">{t('allActions')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>{actionLabel(a)}</option>
            ))}
          </select>
        </label>
        <label className="field"><span>{t('document')}</span><input name="documentId" defaultValue={filter.documentId} /></label>
        <button type="submit" className="button">{t('apply')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {entries === null ? (
        <p>{tc('loading')}</p>
      ) : entries.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <table className="doc-table">
          <caption className="visually-hidden">{t('title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('at')}</th>
              <th scope="col">{t('actor')}</th>
              <th scope="col">{t('action')}</th>
              <th scope="col">{t('document')}</th>
              <th scope="col">{t('detail')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td>{format.dateTime(new Date(e.at), { dateStyle: 'short', timeStyle: 'medium' })}</td>
                <td>{e.actor ? (names[e.actor] ?? e.actor) : t('system')}</td>
                <td title={e.action}>{actionLabel(e.action)}</td>
                <td>{e.documentId ? <a href={`/d/${encodeURIComponent(e.documentId)}`}>{e.documentId}</a> : ''}</td>
                <td><AuditDetail detail={e.detail} names={names} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
