import { malformed, tooLarge } from '../errors';
import { titleFromFileName } from '../formats';
import { DEFAULT_UNZIP_LIMITS, isZip, type UnzipLimits } from '../unzip';
import { csvToSheet, type CsvDelimiter } from './csv';
import type { SheetFormat } from './formats';
import { SHEET_IMPORT_LIMITS, type SheetLimits } from './limits';
import { odsToWorkbook } from './odsRead';
import type { WorkbookData } from './workbook';
import { xlsxToWorkbook } from './xlsxRead';

export interface SheetFileInput {
  bytes: Uint8Array;
  filename: string;
  format: SheetFormat;
  maxBytes: number;
  /** CSV: number notation and delimiter; detected when not given. */
  locale?: string;
  delimiter?: CsvDelimiter;
  limits?: SheetLimits;
  unzipLimits?: UnzipLimits;
}

/**
 * Reads an uploaded spreadsheet completely, or throws an AppError (413 past a limit, 400 when
 * unreadable). Pure: nothing is stored, so a refused file leaves every document as it was.
 */
export function readSheetFile(input: SheetFileInput): WorkbookData {
  const { bytes, format, maxBytes } = input;
  if (bytes.length > maxBytes) throw tooLarge(`The file is larger than ${maxBytes} bytes`);
  if (bytes.length === 0) throw malformed('The file is empty');
  const limits = input.limits ?? SHEET_IMPORT_LIMITS;
  // Spreadsheet XML compresses far better than text documents, but the same cap applies:
  // ten times the upload limit, at least 8 MiB (see lib/convert/importFile.ts).
  const unzip = { ...DEFAULT_UNZIP_LIMITS, maxTotalBytes: Math.max(8 * 1024 * 1024, 10 * maxBytes), ...input.unzipLimits };
  switch (format) {
    case 'csv':
      if (isZip(bytes)) throw malformed('The file is an archive, not CSV text');
      return { sheets: [csvToSheet(bytes, { name: titleFromFileName(input.filename).slice(0, 31), delimiter: input.delimiter, locale: input.locale, limits })] };
    case 'xlsx':
      if (!isZip(bytes)) throw malformed('The file is not a valid .xlsx file');
      return xlsxToWorkbook(bytes, { unzip, limits });
    case 'ods':
      if (!isZip(bytes)) throw malformed('The file is not a valid .ods file');
      return odsToWorkbook(bytes, { unzip, limits });
  }
}
