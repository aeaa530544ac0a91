'use client';

import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { api } from './apiClient';

/** The accessibility statement's feedback mechanism (BGG LSA); messages go to the administrators. */
export function FeedbackForm() {
  const t = useTranslations('legal');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState('');

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    try {
      await api('/api/feedback', { method: 'POST', body: { name: d.get('name'), email: d.get('email'), message: d.get('message'), page: document.referrer || undefined } });
      setSent(true);
      setError('');
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <section aria-labelledby="feedback-title" className="card stack">
      <h2 id="feedback-title">{t('feedbackTitle')}</h2>
      {sent ? (
        <p role="status">{t('feedbackThanks')}</p>
      ) : (
        <form onSubmit={onSubmit} className="stack">
          <label className="field"><span>{t('feedbackName')}</span><input name="name" autoComplete="name" maxLength={200} /></label>
          <label className="field"><span>{t('feedbackEmail')}</span><input name="email" type="email" autoComplete="email" maxLength={254} /></label>
          <label className="field"><span>{t('feedbackMessage')}</span><textarea name="message" required rows={5} maxLength={5000} /></label>
          {error && <p role="alert" className="error">{error}</p>}
          <button type="submit" className="button">{t('feedbackSend')}</button>
        </form>
      )}
    </section>
  );
}
