'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { api } from '@/app/_components/apiClient';

interface Member {
  userId: string;
  isHead: boolean;
  name: string;
  email: string;
}

interface Group {
  id: string;
  name: string;
  externalName: string | null;
  members: Member[];
}

interface User {
  id: string;
  name: string;
  email: string;
}

/** Groups (departments, "Ämter"): create, rename, delete; members and heads. */
export function AdminGroups() {
  const t = useTranslations('adminGroups');
  const tc = useTranslations('common');
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [users, setUsers] = useState<User[]>([]);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setGroups((await api<{ groups: Group[] }>('/api/v1/admin/groups')).groups);
      setUsers((await api<{ users: User[] }>('/api/v1/admin/users')).users);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => void load(), [load]);

  async function run(fn: () => Promise<unknown>, done: string) {
    try {
      await fn();
      setStatus(done);
      setError('');
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    const name = String(d.get('name') ?? '').trim();
    const externalName = String(d.get('externalName') ?? '').trim() || null;
    void run(async () => {
      await api('/api/v1/admin/groups', { method: 'POST', body: { name, externalName } });
      form.reset();
    }, t('created', { name }));
  }

  const setMembers = (g: Group, members: Array<{ userId: string; isHead: boolean }>) =>
    run(() => api(`/api/v1/admin/groups/${g.id}`, { method: 'PATCH', body: { members } }), t('saved', { name: g.name }));

  function addMember(g: Group, e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const userId = String(new FormData(e.currentTarget).get('userId') ?? '');
    if (!userId || g.members.some((m) => m.userId === userId)) return;
    void setMembers(g, [...g.members.map(({ userId: id, isHead }) => ({ userId: id, isHead })), { userId, isHead: false }]);
  }

  return (
    <div className="stack">
      <h1>{t('title')}</h1>
      <section aria-labelledby="new-group" className="card stack">
        <h2 id="new-group">{t('newGroup')}</h2>
        <form onSubmit={create} className="grid-form">
          <label className="field"><span>{t('name')}</span><input name="name" required autoComplete="off" /></label>
          <label className="field"><span>{t('externalName')}</span><input name="externalName" autoComplete="off" aria-describedby="external-hint" /></label>
          <p id="external-hint" className="muted">{t('externalHint')}</p>
          <button type="submit" className="button">{t('create')}</button>
        </form>
      </section>
      <p role="status" className="status-line">{status}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {groups === null ? (
        <p>{tc('loading')}</p>
      ) : groups.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        groups.map((g) => (
          <section key={g.id} aria-labelledby={`group-${g.id}`} className="card stack">
            <h2 id={`group-${g.id}`}>{g.name}</h2>
            {g.externalName && <p className="muted">{t('externalShown', { name: g.externalName })}</p>}
            <table className="doc-table">
              <caption className="visually-hidden">{t('membersOf', { name: g.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colName')}</th>
                  <th scope="col">{t('colEmail')}</th>
                  <th scope="col">{t('colHead')}</th>
                  <th scope="col">{t('colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {g.members.map((m) => (
                  <tr key={m.userId}>
                    <td>{m.name}</td>
                    <td>{m.email}</td>
                    <td>
                      <input type="checkbox" checked={m.isHead} aria-label={t('headLabel', { name: m.name })}
                        onChange={(ev) => void setMembers(g, g.members.map((x) => ({ userId: x.userId, isHead: x.userId === m.userId ? ev.target.checked : x.isHead })))} />
                    </td>
                    <td>
                      <button type="button" className="button small secondary" aria-label={t('removeLabel', { name: m.name })}
                        onClick={() => void setMembers(g, g.members.filter((x) => x.userId !== m.userId).map((x) => ({ userId: x.userId, isHead: x.isHead })))}>
                        {t('remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <form onSubmit={(e) => addMember(g, e)} className="inline-form">
              <label className="field grow">
                <span>{t('addMember')}</span>
                <select name="userId" required defaultValue="">
                  <option value="" disabled>{t('choose')}</option>
                  {users.filter((u) => !g.members.some((m) => m.userId === u.id)).map((u) => (
                    <option key={u.id} value={u.id}>{u.name} ({u.email})</option>
                  ))}
                </select>
              </label>
              <button type="submit" className="button">{t('add')}</button>
              <button type="button" className="button danger" aria-label={t('deleteLabel', { name: g.name })}
                onClick={() => window.confirm(t('deleteConfirm', { name: g.name })) && void run(() => api(`/api/v1/admin/groups/${g.id}`, { method: 'DELETE' }), t('deleted', { name: g.name }))}>
                {t('delete')}
              </button>
            </form>
          </section>
        ))
      )}
    </div>
  );
}
