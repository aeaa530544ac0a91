import { exportSheetVersion, exportVersion } from '@/lib/documents/versions';
import { parseTextExportQuery, textDownload } from '@/lib/documents/textHttp';
import { isSheetFormat } from '@/lib/convert/sheet/formats';
import { sheetDownload, sheetExportOptions } from '@/lib/documents/sheetHttp';
import { route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** A version's content in the formats of `GET …/content`. */
export const GET = route<{ id: string; vid: string }>(async ({ req, principal, params, services }) => {
  const url = new URL(req.url);
  const sheetFormat = url.searchParams.get('format');
  if (isSheetFormat(sheetFormat)) return sheetDownload(await exportSheetVersion(services, principal, params.id, params.vid, sheetFormat, sheetExportOptions(req)));
  const { format, attachment } = parseTextExportQuery(url);
  return textDownload(await exportVersion(services, principal, params.id, params.vid, format), format, attachment);
});
