'use client';

import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

export function SetupForm({ token }: { token: string }) {
  const t = useTranslations('setup');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    const res = await fetch('/api/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: form.get('name'), email: form.get('email'), password: form.get('password') }),
    });
    setBusy(false);
    if (res.ok) setDone(true);
    else setError(res.status === 403 ? t('invalid') : ((await res.json().catch(() => null))?.error?.message ?? t('invalid')));
  }

  if (done) {
    return (
      <div className="stack">
        <p role="status">{t('done')}</p>
        <Link className="button" href="/login">{t('toLogin')}</Link>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="stack">
      <p>{t('intro')}</p>
      <label className="field"><span>{t('name')}</span><input name="name" required autoComplete="name" /></label>
      <label className="field"><span>{t('email')}</span><input name="email" type="email" required autoComplete="username" /></label>
      <label className="field"><span>{t('password')}</span><input name="password" type="password" required minLength={10} autoComplete="new-password" /></label>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" className="button" disabled={busy}>{t('submit')}</button>
    </form>
  );
}
