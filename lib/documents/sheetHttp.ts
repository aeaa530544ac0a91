import { z } from 'zod';
import { badRequest } from '../errors';
import { unsupportedFormat } from '../convert/errors';
import { MULTIPART_OVERHEAD_BYTES, readBodyLimited } from '../convert/upload';
import { isCsvDelimiter, contentDisposition, sheetFormatOf } from '../convert/sheet/formats';
import type { CsvDelimiter } from '../convert/sheet/csv';
import type { SheetExport } from '../convert/sheet/exportFile';
import type { SheetExportOptions, SheetUpload } from './sheetService';

/**
 * The HTTP side of spreadsheet exports and imports, shared by the route handlers that serve
 * them: query and form fields to options, files to downloads.
 */

const localeSchema = z.string().trim().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'A language tag such as de-DE').optional();

/** `;`, `,`, `|`, a tab, or the word `tab` (a raw tab is awkward in a URL). */
function delimiterOf(raw: string | null): CsvDelimiter | undefined {
  if (raw === null || raw === '') return undefined;
  const d = raw === 'tab' ? '\t' : raw;
  if (!isCsvDelimiter(d)) throw badRequest('delimiter must be one of , ; | tab');
  return d;
}

/** `locale` from the query, else the first language the client accepts. */
function localeOf(raw: string | null, acceptLanguage: string | null): string | undefined {
  const given = localeSchema.parse(raw ?? undefined);
  if (given) return given;
  const first = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  return first && localeSchema.safeParse(first).success ? first : undefined;
}

export function sheetExportOptions(req: Request): SheetExportOptions {
  const q = new URL(req.url).searchParams;
  const sheet = q.get('sheet');
  return {
    ...(sheet ? { sheet } : {}),
    locale: localeOf(q.get('locale'), req.headers.get('accept-language')),
    delimiter: delimiterOf(q.get('delimiter')),
  };
}

/** Spreadsheets are always downloads, named after the document (and the sheet, for CSV). */
export function sheetDownload(file: SheetExport): Response {
  return new Response(new Blob([file.body.slice()], { type: file.contentType }), {
    headers: {
      'content-type': file.contentType,
      'content-disposition': contentDisposition('attachment', file.filename),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

const field = (form: FormData, name: string): string | null => {
  const v = form.get(name);
  return typeof v === 'string' ? v : null;
};

/**
 * The upload as a spreadsheet import, or null when the file is no spreadsheet (CSV, XLSX, ODS) by
 * name or type. CSV options come as form fields `locale` and `delimiter`.
 */
export async function sheetUploadOf(form: FormData, file: Blob): Promise<SheetUpload | null> {
  const filename = file instanceof File ? file.name : 'import';
  if (!sheetFormatOf(filename, file.type)) return null;
  const title = field(form, 'title');
  return {
    bytes: new Uint8Array(await file.arrayBuffer()),
    filename,
    contentType: file.type,
    ...(title ? { title } : {}),
    locale: localeOf(field(form, 'locale'), null),
    delimiter: delimiterOf(field(form, 'delimiter')),
  };
}

/** Reads a multipart upload with the size limit applied before parsing; the field is `file`. */
export async function readSheetUploadRequest(req: Request, maxBytes: number): Promise<SheetUpload> {
  const contentType = req.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) throw badRequest('Send the file as multipart/form-data in the field "file"');
  const body = await readBodyLimited(req, maxBytes + MULTIPART_OVERHEAD_BYTES);
  let form: FormData;
  try {
    form = await new Response(body.slice(), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw badRequest('The multipart body could not be read');
  }
  const file = form.get('file');
  if (!(file instanceof Blob)) throw badRequest('The form field "file" with the spreadsheet is missing');
  const upload = await sheetUploadOf(form, file);
  if (!upload) throw unsupportedFormat('Unsupported spreadsheet type: use .csv, .xlsx or .ods');
  return upload;
}
