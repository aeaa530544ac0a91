import { exportContent, replaceContent, replaceFormatSchema } from '@/lib/documents/service';
import { parseTextExportQuery, textDownload } from '@/lib/documents/textHttp';
import { readBodyLimited } from '@/lib/convert/upload';
import { isSheetFormat } from '@/lib/convert/sheet/formats';
import { exportSheet } from '@/lib/documents/sheetService';
import { sheetDownload, sheetExportOptions } from '@/lib/documents/sheetHttp';
import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** The content in a text or spreadsheet format; downloads are audited. */
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
  const { format, attachment } = parseTextExportQuery(url);
  const file = await exportContent(services, principal, params.id, format);
  // Downloads leave the system and are recorded; reading the text inline is not an export.
  if (attachment) await audit(format);
  return textDownload(file, format, attachment);
});

/** Replaces the body with HTML, Markdown or plain text sent as the raw request body. */
export const PUT = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const format = replaceFormatSchema.parse(new URL(req.url).searchParams.get('format') ?? undefined);
  const bytes = await readBodyLimited(req, services.config.maxImportBytes);
  await replaceContent(services, principal, params.id, format, new TextDecoder().decode(bytes));
  return json({ ok: true });
});
