import { isIsoDate } from '../../sheet/locale';
import { serialToIsoDate } from '../../sheet/serials';
import type { CellData } from './workbook';

// Dates and booleans as other spreadsheets keep them, and as the model does.

/** A format code that shows a calendar date and nothing else (no time, no text). */
export function isDateCode(code: string | undefined): boolean {
  if (!code) return false;
  const stripped = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[dy]/i.test(stripped) && !/[hs0#?@]/i.test(stripped);
}

/** The format writers give dates that have none: read back, it is no format at all again. */
export const DEFAULT_DATE_FORMAT = 'YYYY-MM-DD';

const isDefaultDateFormat = (code: string | undefined) => !!code && code.replace(/\\/g, '').toUpperCase() === DEFAULT_DATE_FORMAT;

/** A constant the model stores as ISO text and other programs keep as a date. */
export function isDateConstant(c: CellData): c is CellData & { value: string } {
  return c.formula === undefined && typeof c.value === 'string' && isIsoDate(c.value);
}

function dropNumberFormat(c: CellData): void {
  if (!c.style) return;
  const rest = { ...c.style };
  delete rest.numberFormat;
  if (Object.keys(rest).length) c.style = rest;
  else delete c.style;
}

/**
 * Other spreadsheets keep dates as numbers with a date format; the model keeps dates as ISO text
 * (what date columns store, and what the engine reads as the same serial). Constants shown as a
 * date become ISO text on import; formula results stay the numbers they are. Formats that only
 * restate the default (ISO dates, LibreOffice's TRUE/FALSE format on booleans) are dropped.
 * LibreOffice turns boolean constants from XLSX into `=TRUE()` formulas with the value 1; they
 * are constants again here.
 */
export function tidyImportedCells(cells: CellData[]): void {
  for (const c of cells) {
    const bool = c.formula !== undefined ? /^=\s*(TRUE|FALSE)\s*\(\s*\)\s*$/i.exec(c.formula) : null;
    if (bool) {
      c.value = bool[1].toUpperCase() === 'TRUE';
      delete c.formula;
    }
    if (c.formula === undefined && typeof c.value === 'number' && Number.isInteger(c.value) && c.value > 0 && isDateCode(c.style?.numberFormat)) {
      c.value = serialToIsoDate(c.value);
    }
    if ((isDateConstant(c) && isDefaultDateFormat(c.style?.numberFormat)) || typeof c.value === 'boolean') dropNumberFormat(c);
  }
}
