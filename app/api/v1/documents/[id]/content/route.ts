import { z } from 'zod';
import { exportContent, replaceContent, replaceFormatSchema } from '@/lib/documents/service';
import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS, contentDisposition } from '@/lib/convert/formats';
import { readBodyLimited } from '@/lib/convert/upload';
import { isSheetFormat } from '@/lib/convert/sheet/formats';
import { exportSheet } from '@/lib/documents/sheetService';
import { sheetDownload, sheetExportOptions } from '@/lib/documents/sheetHttp';
import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

const exportQuery = z.object({
  format: z.enum(EXPORT_FORMAT_NAMES).default('text'),
  download: z.enum(['0', '1']).optional(),
});

export const GET = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const url = new URL(req.url);
  // Spreadsheets: csv (one sheet, `&sheet=`), xlsx and ods (the whole workbook).
  const sheetFormat = url.searchParams.get('format');
  const audit = (format: string) => services.store.audit({ actor: principal.user.id, action: 'document.export', documentId: params.id, detail: { format } });
  if (isSheetFormat(sheetFormat)) {
    const file = await exportSheet(services, principal, params.id, sheetFormat, sheetExportOptions(req));
    await audit(sheetFormat);
    return sheetDownload(file);
  }
  const q = exportQuery.parse({ format: url.searchParams.get('format') ?? undefined, download: url.searchParams.get('download') ?? undefined });
  const file = await exportContent(services, principal, params.id, q.format);
  // Office files and PDFs are downloads; text formats show inline unless a download is asked for.
  const attachment = EXPORT_FORMATS[q.format].binary || q.download === '1';
  // Downloads leave the system and are recorded; reading the text inline is not an export.
  if (attachment) await audit(q.format);
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

/** Replaces the body with HTML, Markdown or plain text sent as the raw request body. */
export const PUT = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const format = replaceFormatSchema.parse(new URL(req.url).searchParams.get('format') ?? undefined);
  const bytes = await readBodyLimited(req, services.config.maxImportBytes);
  await replaceContent(services, principal, params.id, format, new TextDecoder().decode(bytes));
  return json({ ok: true });
});
