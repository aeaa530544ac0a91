'use client';

import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import type { LegalPage } from '@/lib/legal';
import { api } from '@/app/_components/apiClient';

export function LegalEditor({ page, initial }: { page: LegalPage; initial: string }) {
  const t = useTranslations('admin');
  const tl = useTranslations('legal');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    try {
      await api(`/api/v1/admin/legal/${page}`, { method: 'PUT', body: { text: new FormData(e.currentTarget).get('text') } });
      setStatus(t('legalSaved', { page: tl(page) }));
      setError('');
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <form onSubmit={onSubmit} className="card stack legal-editor">
      <label className="field">
        <span>{tl(page)}</span>
        <textarea name="text" defaultValue={initial} rows={10} lang="de" />
      </label>
      <p role="status" className="status-line">{status}</p>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" className="button">{t('legalSave', { page: tl(page) })}</button>
    </form>
  );
}
