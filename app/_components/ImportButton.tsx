'use client';

import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { documentPath } from './paths';

const ACCEPT = '.odt,.docx,.md,.markdown,.html,.htm,.etherpad,.txt,.csv,.tsv,.xlsx,.ods';

/** Imports a file as a new document and opens it; a failed import creates nothing. */
export function ImportButton({ onError }: { onError: (message: string) => void }) {
  const t = useTranslations('transfer');
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  async function upload(file: File) {
    setBusy(true);
    try {
      const form = new FormData();
      form.set('file', file);
      const res = await fetch('/api/v1/documents/import', { method: 'POST', body: form });
      const body = (await res.json().catch(() => null)) as { id?: string; kind?: 'text' | 'sheet'; error?: { message?: string } } | null;
      if (!res.ok || !body?.id || !body.kind) {
        onError(t('importFailed', { reason: body?.error?.message ?? String(res.status) }));
        return;
      }
      window.location.assign(documentPath(body.kind, body.id));
    } catch {
      onError(t('importFailed', { reason: t('network') }));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <>
      <button type="button" className="button secondary" onClick={() => input.current?.click()} disabled={busy} aria-busy={busy}>
        {busy ? t('importing') : t('import')}
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        aria-label={t('importFile')}
        data-testid="import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void upload(file);
        }}
      />
    </>
  );
}
