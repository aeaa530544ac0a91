'use client';

import { useState, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';

export type Failure = 'credentials' | 'throttled' | 'sso' | null;

/** Where to go after signing in: a path on this site from `?callbackUrl=` (a share link), else home. */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get('callbackUrl');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function LoginForm({ sso, local, initialFailure }: { sso: boolean; local: boolean; initialFailure: Failure }) {
  const t = useTranslations('login');
  const [failure, setFailure] = useState<Failure>(initialFailure);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setFailure(null);
    const res = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setBusy(false);
    if (res?.status === 429) setFailure('throttled');
    else if (!res || res.error) setFailure('credentials');
    else window.location.assign(nextPath());
  }

  const invalid = failure === 'credentials' || undefined;
  return (
    <div className="stack">
      {failure === 'sso' && <p role="alert" className="error">{t('ssoFailed')}</p>}
      {sso && (
        <button type="button" className="button" onClick={() => void signIn('oidc', { callbackUrl: nextPath() })}>
          {t('sso')}
        </button>
      )}
      {sso && local && <p className="auth-or">{t('or')}</p>}
      {local && (
        <form onSubmit={onSubmit} className="stack" noValidate>
          <label className="field">
            <span>{t('email')}</span>
            <input name="email" type="email" autoComplete="username" required aria-invalid={invalid} />
          </label>
          <label className="field">
            <span>{t('password')}</span>
            <input name="password" type="password" autoComplete="current-password" required aria-invalid={invalid} />
          </label>
          {failure === 'credentials' && <p role="alert" className="error">{t('failed')}</p>}
          {failure === 'throttled' && <p role="alert" className="error">{t('throttled')}</p>}
          <button type="submit" className="button" disabled={busy}>{busy ? t('busy') : t('submit')}</button>
        </form>
      )}
    </div>
  );
}
