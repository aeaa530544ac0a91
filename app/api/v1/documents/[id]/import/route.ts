import { importSheetTabs } from '@/lib/documents/sheetService';
import { readSheetUploadRequest } from '@/lib/documents/sheetHttp';
import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** multipart/form-data with `file` (CSV, XLSX, ODS): its sheets become new tabs of this spreadsheet. */
export const POST = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const upload = await readSheetUploadRequest(req, services.config.maxImportBytes);
  return json(await importSheetTabs(services, principal, params.id, upload), 201);
});
