import { formatDateInput, formatNumberInput, formulaLocale, LOCALE_FACTS, parseBooleanInput, parseDateInput, parseNumberInput, type FormulaLocale } from '../../sheet/locale';
import { malformed } from '../errors';
import { serialToIsoDate } from '../../sheet/serials';
import { isDateCode, isDateConstant } from './cellTypes';
import { LimitCounter, SHEET_IMPORT_LIMITS, type SheetLimits } from './limits';
import { cellGrid, emptySheet, type CellData, type CellValue, type SheetData } from './workbook';

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** Excel needs the byte-order mark to read a CSV file as UTF-8 instead of the ANSI code page. */
const BOM = '\uFEFF';

/**
 * Text that a spreadsheet program would run as a formula when it opens the file (CSV injection):
 * such text is written with a leading apostrophe, which spreadsheets take as "this is text".
 */
const INJECTION_START = /^[=+\-@\t\r]/;

/** German users get `;` and the decimal comma, as German Excel and LibreOffice expect. */
export function defaultDelimiter(locale: string | undefined): CsvDelimiter {
  return locale && formulaLocale(locale) === 'de' ? ';' : ',';
}

/** Splits CSV text into records (RFC 4180: quotes double inside quoted fields; CRLF, LF or CR). */
export function parseCsv(text: string, delimiter: string, onRecord?: (index: number, fields: string[]) => void): string[][] {
  const records: string[][] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    field = '';
    onRecord?.(records.length, fields);
    records.push(fields);
    fields = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (quoted) throw malformed('The CSV file ends inside a quoted field');
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/**
 * The delimiter that splits the first lines into the same number of fields most consistently
 * (fields counted outside quotes); ties go to the one giving more fields. A file with a single
 * column has none of them: `,` then.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const sample = text.slice(0, 64 * 1024);
  let best: { d: CsvDelimiter; score: number; fields: number } = { d: ',', score: 0, fields: 1 };
  for (const d of CSV_DELIMITERS) {
    const counts = sampleCounts(sample, d);
    if (counts.length === 0) continue;
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [fields, times] = [...freq].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    if (fields < 2) continue;
    const score = times / counts.length;
    if (score > best.score || (score === best.score && fields > best.fields)) best = { d, score, fields };
  }
  return best.d;
}

/** Fields per line for the first 20 lines (a partial last line is left out). */
function sampleCounts(sample: string, d: string): number[] {
  const counts: number[] = [];
  let n = 1;
  let quoted = false;
  for (let i = 0; i < sample.length && counts.length < 20; i++) {
    const ch = sample[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === d) n++;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (ch === '\r' && sample[i + 1] === '\n') i++;
      counts.push(n);
      n = 1;
    }
  }
  if (counts.length === 0 && sample.length > 0) counts.push(n);
  return counts;
}

/** UTF-8 (BOM or not); files that are not valid UTF-8 are Windows-1252, what German Excel writes. */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.startsWith(BOM) ? text.slice(1) : text;
}

export interface CsvReadOptions {
  name: string;
  /** Forces the delimiter; detected otherwise. */
  delimiter?: CsvDelimiter;
  /**
   * How numbers are written (`1.234,5` in German). Without it a `;`-separated file is read as
   * German, anything else as English: German programs write `;` exactly because the comma is the
   * decimal mark.
   */
  locale?: string;
  limits?: SheetLimits;
}

/** A CSV file → one sheet of constants (a CSV file has no formulas: `=…` stays text). */
export function csvToSheet(bytes: Uint8Array, opts: CsvReadOptions): SheetData {
  const text = decodeText(bytes);
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  const locale: FormulaLocale = opts.locale ? formulaLocale(opts.locale) : delimiter === ';' ? 'de' : 'en';
  const counter = new LimitCounter(opts.limits ?? SHEET_IMPORT_LIMITS);
  const sheet = emptySheet(opts.name);
  parseCsv(text, delimiter, (row, fields) => {
    fields.forEach((raw, col) => {
      const value = csvValue(raw, locale);
      if (value === null) return;
      counter.cell(opts.name, row, col);
      sheet.cells.push({ row, col, value });
    });
  });
  return sheet;
}

/** A field as a value: numbers and booleans in the locale's notation, dates as ISO, else text. */
export function csvValue(raw: string, locale: FormulaLocale): CellValue {
  if (raw === '') return null;
  // Our own export (and others) protect text from formula injection with an apostrophe.
  if (raw.startsWith("'") && INJECTION_START.test(raw.slice(1))) return raw.slice(1);
  return parseNumberInput(raw, locale) ?? parseBooleanInput(raw, locale) ?? parseDateInput(raw, locale) ?? raw;
}

export interface CsvWriteOptions {
  delimiter?: CsvDelimiter;
  /** Number and boolean notation; also picks the default delimiter. */
  locale?: string;
}

/**
 * One sheet as CSV: values only (formulas as their results), UTF-8 with BOM, CRLF line ends
 * (RFC 4180). Text that would start a formula in the program opening the file gets `'` first.
 */
export function sheetToCsv(sheet: SheetData, opts: CsvWriteOptions = {}): Uint8Array {
  const delimiter = opts.delimiter ?? defaultDelimiter(opts.locale);
  const locale = formulaLocale(opts.locale ?? 'en');
  const lines = cellGrid(sheet).map((row) => {
    const fields: string[] = [];
    for (let c = 0; c < row.length; c++) fields.push(csvField(row[c], locale, delimiter));
    return fields.join(delimiter);
  });
  return new TextEncoder().encode(BOM + lines.map((l) => `${l}\r\n`).join(''));
}

function csvField(cell: CellData | undefined, locale: FormulaLocale, delimiter: string): string {
  const v = cell?.value ?? null;
  let text: string;
  if (v === null) return '';
  // A number shown as a date (a formula's date result) is written as the date it shows.
  if (typeof v === 'number' && isDateCode(cell?.style?.numberFormat)) text = formatDateInput(serialToIsoDate(v), locale);
  else if (typeof v === 'number') text = formatNumberInput(v, locale);
  else if (typeof v === 'boolean') text = v ? LOCALE_FACTS[locale].trueName : LOCALE_FACTS[locale].falseName;
  else if (locale === 'de' && cell && isDateConstant(cell)) text = formatDateInput(v, locale);
  else text = INJECTION_START.test(v) ? `'${v}` : v;
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
