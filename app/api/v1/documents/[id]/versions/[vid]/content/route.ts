import { z } from 'zod';
import { exportSheetVersion, exportVersion } from '@/lib/documents/versions';
import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS, contentDisposition } from '@/lib/convert/formats';
import { isSheetFormat } from '@/lib/convert/sheet/formats';
import { sheetDownload, sheetExportOptions } from '@/lib/documents/sheetHttp';
import { route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

const exportQuery = z.object({
  format: z.enum(EXPORT_FORMAT_NAMES).default('text'),
  download: z.enum(['0', '1']).optional(),
});

/** A version's content in the formats of `GET …/content`. */
export const GET = route<{ id: string; vid: string }>(async ({ req, principal, params, services }) => {
  const url = new URL(req.url);
  const sheetFormat = url.searchParams.get('format');
  if (isSheetFormat(sheetFormat)) return sheetDownload(await exportSheetVersion(services, principal, params.id, params.vid, sheetFormat, sheetExportOptions(req)));
  const q = exportQuery.parse({ format: url.searchParams.get('format') ?? undefined, download: url.searchParams.get('download') ?? undefined });
  const file = await exportVersion(services, principal, params.id, params.vid, q.format);
  const attachment = EXPORT_FORMATS[q.format].binary || q.download === '1';
  const body = typeof file.body === 'string' ? file.body : new Blob([file.body.slice()], { type: file.contentType });
  return new Response(body, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': contentDisposition(attachment ? 'attachment' : 'inline', file.filename),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // Exported HTML is data, never a page of ours: no scripts, no styles from elsewhere.
      ...(q.format === 'html' ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" } : {}),
    },
  });
});
