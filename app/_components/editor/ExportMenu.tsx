'use client';

import { useTranslations } from 'next-intl';
import type { DocumentKind } from '@/lib/store/types';

/** Download formats per document kind, in the order offered (the exchange standard first). */
const FORMATS: Record<DocumentKind, ReadonlyArray<{ format: string; label: string }>> = {
  text: [
    { format: 'odt', label: 'ODT' },
    { format: 'docx', label: 'DOCX' },
    { format: 'pdf', label: 'PDF' },
    { format: 'markdown', label: 'Markdown' },
    { format: 'html', label: 'HTML' },
    { format: 'text', label: 'Text' },
  ],
  sheet: [
    { format: 'ods', label: 'ODS' },
    { format: 'xlsx', label: 'XLSX' },
    { format: 'csv', label: 'CSV' },
  ],
};

/** A disclosure with one download link per format; the server names the file. */
export function ExportMenu({ docId, kind }: { docId: string; kind: DocumentKind }) {
  const t = useTranslations('transfer');
  return (
    <details className="export-menu">
      <summary className="button secondary">{t('export')}</summary>
      <ul aria-label={t('exportFormats')}>
        {FORMATS[kind].map(({ format, label }) => (
          <li key={format}>
            <a href={`/api/v1/documents/${encodeURIComponent(docId)}/content?format=${format}${kind === 'text' ? '&download=1' : ''}`} download data-format={format}>
              {t('exportAs', { format: label })}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
