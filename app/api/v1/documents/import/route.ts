import { z } from 'zod';
import { documentJson, importDocument } from '@/lib/documents/service';
import { badRequest } from '@/lib/errors';
import { MULTIPART_OVERHEAD_BYTES, readBodyLimited } from '@/lib/convert/upload';
import { importSheetDocument } from '@/lib/documents/sheetService';
import { sheetUploadOf } from '@/lib/documents/sheetHttp';
import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

const titleField = z.string().max(200).optional();

/** multipart/form-data with `file` (ODT, DOCX, Markdown, HTML, Etherpad, text; CSV, XLSX, ODS) and optional `title`. */
export const POST = route(async ({ req, principal, services }) => {
  const contentType = req.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) throw badRequest('Send the file as multipart/form-data in the field "file"');
  // The body is read with a limit first; only then is it parsed, so oversized uploads stop early.
  const body = await readBodyLimited(req, services.config.maxImportBytes + MULTIPART_OVERHEAD_BYTES);
  let form: FormData;
  try {
    form = await new Response(body.slice(), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw badRequest('The multipart body could not be read');
  }
  const file = form.get('file');
  if (!(file instanceof Blob)) throw badRequest('The form field "file" with the document is missing');
  const title = titleField.parse(typeof form.get('title') === 'string' ? form.get('title') : undefined);
  // CSV, XLSX and ODS become spreadsheets (CSV options: form fields `locale`, `delimiter`).
  const sheet = await sheetUploadOf(form, file);
  if (sheet) return json(documentJson(await importSheetDocument(services, principal, { ...sheet, title })), 201);
  const doc = await importDocument(services, principal, {
    bytes: new Uint8Array(await file.arrayBuffer()),
    filename: file instanceof File ? file.name : 'import',
    contentType: file.type,
    title,
  });
  return json(documentJson(doc), 201);
});
