'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { api, ApiError } from './apiClient';
import { ShareLinks } from './ShareLinks';

type Role = 'owner' | 'editor' | 'commenter' | 'viewer';

interface Entry {
  principal: 'user' | 'group' | 'everyone';
  id?: string;
  role: Role;
  email?: string;
  name?: string;
}

const keyOf = (e: Entry) => `${e.principal}:${e.id ?? ''}`;

/** Owner-only dialog: share with people, departments or everyone, and by link. */
export function ShareDialog({ doc, onClose }: { doc: { id: string; title: string }; selfId: string; onClose: () => void }) {
  const t = useTranslations('share');
  const tr = useTranslations('roles');
  const tc = useTranslations('common');
  const ref = useRef<HTMLDialogElement>(null);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [groups, setGroups] = useState<Array<{ id: string; name: string }>>([]);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    ref.current?.showModal();
    api<{ entries: Entry[] }>(`/api/v1/documents/${doc.id}/acl`).then((d) => setEntries(d.entries), (e) => setError(e.message));
    api<{ groups: Array<{ id: string; name: string }> }>('/api/v1/groups').then((d) => setGroups(d.groups), () => undefined);
  }, [doc.id]);

  async function save(next: Entry[]) {
    try {
      // The server keeps the document's owner whatever the list says.
      const body = { entries: next.map((e) => ({ principal: e.principal, id: e.id, role: e.role })) };
      const d = await api<{ entries: Entry[] }>(`/api/v1/documents/${doc.id}/acl`, { method: 'PUT', body });
      setEntries(d.entries);
      setStatus(t('saved'));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const upsert = (entry: Entry) => save([...entries.filter((x) => keyOf(x) !== keyOf(entry)), entry]);

  async function addPerson(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    try {
      const user = await api<{ id: string; name: string; email: string }>(`/api/v1/users/lookup?email=${encodeURIComponent(email)}`);
      await upsert({ principal: 'user', ...user, role: String(data.get('role')) as Role });
      form.reset();
    } catch (err) {
      setError(err instanceof ApiError && (err.status === 404 || err.status === 400) ? t('unknownUser') : (err as Error).message);
    }
  }

  async function addGroup(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const g = groups.find((x) => x.id === data.get('group'));
    if (g) await upsert({ principal: 'group', id: g.id, name: g.name, role: String(data.get('role')) as Role });
  }

  const everyone = entries.find((e) => e.principal === 'everyone');
  const label = (e: Entry) => (e.principal === 'everyone' ? t('everyone') : e.principal === 'group' ? t('groupLabel', { name: e.name ?? '' }) : (e.name ?? ''));
  const roleOptions = (withOwner: boolean) => (
    <>
      {withOwner && <option value="owner">{tr('owner')}</option>}
      <option value="editor">{tr('editor')}</option>
      <option value="commenter">{tr('commenter')}</option>
      <option value="viewer">{tr('viewer')}</option>
    </>
  );

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="share-title" onClose={onClose}>
      <h2 id="share-title">{t('title', { title: doc.title })}</h2>
      <form onSubmit={addPerson} className="inline-form">
        <label className="field grow"><span>{t('email')}</span><input name="email" type="email" required /></label>
        <label className="field"><span>{t('role')}</span><select name="role" defaultValue="editor">{roleOptions(true)}</select></label>
        <button type="submit" className="button">{t('add')}</button>
      </form>
      {groups.length > 0 && (
        <form onSubmit={addGroup} className="inline-form">
          <label className="field grow">
            <span>{t('group')}</span>
            <select name="group" required>{groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}</select>
          </label>
          <label className="field"><span>{t('role')}</span><select name="role" defaultValue="editor">{roleOptions(true)}</select></label>
          <button type="submit" className="button">{t('addGroup')}</button>
        </form>
      )}
      <label className="field">
        <span>{t('everyoneLabel')}</span>
        <select value={everyone?.role ?? ''} onChange={(ev) => {
          const rest = entries.filter((x) => x.principal !== 'everyone');
          void save(ev.target.value ? [...rest, { principal: 'everyone', role: ev.target.value as Role }] : rest);
        }}>
          <option value="">{t('everyoneNone')}</option>
          {roleOptions(false)}
        </select>
      </label>
      {error && <p role="alert" className="error">{error}</p>}
      <p role="status" className="status-line">{status}</p>
      <h3>{t('people')}</h3>
      <ul className="acl-list">
        {entries.filter((e) => e.principal !== 'everyone').map((e, i) => (
          <li key={keyOf(e)}>
            <span><strong>{label(e)}</strong> {e.email && <span className="muted">{e.email}</span>}</span>
            {i === 0 && e.role === 'owner' ? (
              <span>{tr('owner')}</span>
            ) : (
              <span className="acl-actions">
                <label className="visually-hidden" htmlFor={`role-${keyOf(e)}`}>{t('role')}: {label(e)}</label>
                <select id={`role-${keyOf(e)}`} value={e.role}
                  onChange={(ev) => save(entries.map((x) => (keyOf(x) === keyOf(e) ? { ...x, role: ev.target.value as Role } : x)))}>
                  {roleOptions(true)}
                </select>
                <button type="button" className="button small secondary" aria-label={t('removeLabel', { name: label(e) })}
                  onClick={() => save(entries.filter((x) => keyOf(x) !== keyOf(e)))}>{t('remove')}</button>
              </span>
            )}
          </li>
        ))}
      </ul>
      <ShareLinks docId={doc.id} />
      <div className="dialog-actions">
        <button type="button" className="button secondary" onClick={() => ref.current?.close()}>{tc('close')}</button>
      </div>
    </dialog>
  );
}
