'use client';

import { useState, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';

export function LoginForm() {
  const t = useTranslations('login');
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(false);
    const res = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setBusy(false);
    if (!res || res.error) setError(true);
    else window.location.assign('/');
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      <label className="field">
        <span>{t('email')}</span>
        <input name="email" type="email" autoComplete="username" required aria-invalid={error || undefined} />
      </label>
      <label className="field">
        <span>{t('password')}</span>
        <input name="password" type="password" autoComplete="current-password" required aria-invalid={error || undefined} />
      </label>
      {error && <p role="alert" className="error">{t('failed')}</p>}
      <button type="submit" className="button" disabled={busy}>{busy ? t('busy') : t('submit')}</button>
    </form>
  );
}
