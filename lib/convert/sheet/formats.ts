import { contentDisposition } from '../formats';
import { CSV_DELIMITERS, type CsvDelimiter } from './csv';

/** Formats a spreadsheet can be exported as and imported from. */
export const SHEET_FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', ext: 'csv' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', ext: 'ods' },
} as const;
export type SheetFormat = keyof typeof SHEET_FORMATS;
export const SHEET_FORMAT_NAMES = Object.keys(SHEET_FORMATS) as [SheetFormat, ...SheetFormat[]];

export function isSheetFormat(name: string | null | undefined): name is SheetFormat {
  return name !== null && name !== undefined && Object.hasOwn(SHEET_FORMATS, name);
}

const BY_TYPE: Record<string, SheetFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/comma-separated-values': 'csv',
  [SHEET_FORMATS.xlsx.contentType]: 'xlsx',
  [SHEET_FORMATS.ods.contentType]: 'ods',
};

/** The spreadsheet format of an upload by file name, else by declared type; null when it is none. */
export function sheetFormatOf(filename: string, contentType: string): SheetFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (ext && isSheetFormat(ext)) return ext;
  if (ext === 'tsv') return 'csv';
  if (ext) return null;
  return BY_TYPE[contentType.split(';')[0].trim().toLowerCase()] ?? null;
}

export function isCsvDelimiter(d: string): d is CsvDelimiter {
  return (CSV_DELIMITERS as readonly string[]).includes(d);
}

/** A file name from the title and sheet, with characters file systems refuse replaced. */
export function sheetFileName(title: string, format: SheetFormat, sheet?: string): string {
  const base =
    `${title}${sheet ? ` - ${sheet}` : ''}`
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
      .replace(/^[\s.]+|[\s.]+$/g, '')
      .slice(0, 100) || 'Tabelle';
  return `${base}.${SHEET_FORMATS[format].ext}`;
}

export { contentDisposition };
