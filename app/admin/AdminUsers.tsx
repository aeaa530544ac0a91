'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { api } from '@/app/_components/apiClient';

interface AdminUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  disabled: boolean;
}

export function AdminUsers({ selfId }: { selfId: string }) {
  const t = useTranslations('admin');
  const tc = useTranslations('common');
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setUsers((await api<{ users: AdminUser[] }>('/api/v1/admin/users')).users);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => void load(), [load]);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    try {
      const user = await api<AdminUser>('/api/v1/admin/users', {
        method: 'POST',
        body: { name: d.get('name'), email: d.get('email'), password: d.get('password'), isAdmin: d.get('isAdmin') === 'on' },
      });
      form.reset();
      setStatus(t('created', { email: user.email }));
      setError('');
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function patch(u: AdminUser, body: { disabled?: boolean; isAdmin?: boolean }) {
    try {
      await api(`/api/v1/admin/users/${u.id}`, { method: 'PATCH', body });
      setError('');
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function remove(u: AdminUser) {
    if (!window.confirm(t('deleteConfirm', { name: u.name }))) return;
    try {
      await api(`/api/v1/admin/users/${u.id}`, { method: 'DELETE' });
      setStatus(t('deleted', { name: u.name }));
      setError('');
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <div className="stack">
      <h1>{t('title')}</h1>
      <section aria-labelledby="new-user" className="card stack">
        <h2 id="new-user">{t('newUser')}</h2>
        <form onSubmit={create} className="grid-form">
          <label className="field"><span>{t('name')}</span><input name="name" required autoComplete="off" /></label>
          <label className="field"><span>{t('email')}</span><input name="email" type="email" required autoComplete="off" /></label>
          <label className="field"><span>{t('password')}</span><input name="password" type="password" required minLength={10} autoComplete="new-password" /></label>
          <label className="checkbox"><input name="isAdmin" type="checkbox" /> {t('isAdmin')}</label>
          <button type="submit" className="button">{t('create')}</button>
        </form>
      </section>
      <p role="status" className="status-line">{status}</p>
      {error && <p role="alert" className="error">{error}</p>}
      <section aria-labelledby="user-list">
        <h2 id="user-list">{t('users')}</h2>
        {users === null ? (
          <p>{tc('loading')}</p>
        ) : (
          <table className="doc-table">
            <thead>
              <tr>
                <th scope="col">{t('colName')}</th>
                <th scope="col">{t('colEmail')}</th>
                <th scope="col">{t('colRole')}</th>
                <th scope="col">{t('colStatus')}</th>
                <th scope="col">{t('colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>{u.isAdmin ? t('roleAdmin') : t('roleUser')}</td>
                  <td>{u.disabled ? t('disabled') : t('active')}</td>
                  <td>
                    {u.id === selfId ? (
                      <span className="muted">{t('self')}</span>
                    ) : (
                      <span className="acl-actions">
                        <button type="button" className={`button small ${u.disabled ? 'secondary' : 'danger'}`}
                          aria-label={`${u.disabled ? t('enable') : t('disable')}: ${u.name}`}
                          onClick={() => patch(u, { disabled: !u.disabled })}>
                          {u.disabled ? t('enable') : t('disable')}
                        </button>
                        <button type="button" className="button small secondary"
                          aria-label={`${u.isAdmin ? t('revokeAdmin') : t('makeAdmin')}: ${u.name}`}
                          onClick={() => patch(u, { isAdmin: !u.isAdmin })}>
                          {u.isAdmin ? t('revokeAdmin') : t('makeAdmin')}
                        </button>
                        <button type="button" className="button small danger" aria-label={`${t('delete')}: ${u.name}`} onClick={() => remove(u)}>
                          {t('delete')}
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
