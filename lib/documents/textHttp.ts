import { z } from 'zod';
import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS, contentDisposition, type ExportFormat } from '../convert/formats';
import type { ExportedFile } from '../convert/exportDocument';

/** `?format=…&download=1` of a text document's content (the live one or a version's). */
export const textExportQuery = z.object({
  format: z.enum(EXPORT_FORMAT_NAMES).default('text'),
  download: z.enum(['0', '1']).optional(),
});

export function parseTextExportQuery(url: URL): { format: ExportFormat; attachment: boolean } {
  const q = textExportQuery.parse({ format: url.searchParams.get('format') ?? undefined, download: url.searchParams.get('download') ?? undefined });
  // Office files and PDFs are downloads; text formats show inline unless a download is asked for.
  return { format: q.format, attachment: EXPORT_FORMATS[q.format].binary || q.download === '1' };
}

export function textDownload(file: ExportedFile, format: ExportFormat, attachment: boolean): Response {
  const body = typeof file.body === 'string' ? file.body : new Blob([file.body.slice()], { type: file.contentType });
  return new Response(body, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': contentDisposition(attachment ? 'attachment' : 'inline', file.filename),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // Exported HTML is data, never a page of ours: no scripts, no styles from elsewhere.
      ...(format === 'html' ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" } : {}),
    },
  });
}
