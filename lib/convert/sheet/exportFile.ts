import { sheetToCsv, type CsvDelimiter } from './csv';
import { SHEET_FORMATS, sheetFileName, type SheetFormat } from './formats';
import { workbookToOds } from './odsWrite';
import type { WorkbookData } from './workbook';
import { workbookToXlsx } from './xlsxWrite';

export interface SheetExport {
  body: Uint8Array;
  contentType: string;
  filename: string;
}

/** Workbook data in a file format; CSV holds the first sheet of `wb` (pick it beforehand). */
export function exportWorkbook(wb: WorkbookData, format: SheetFormat, opts: { title: string; locale?: string; delimiter?: CsvDelimiter }): SheetExport {
  const { contentType } = SHEET_FORMATS[format];
  switch (format) {
    case 'csv': {
      const sheet = wb.sheets[0];
      const values = { ...sheet, cells: sheet.cells.filter((c) => c.value !== null) };
      return { body: sheetToCsv(values, { locale: opts.locale, delimiter: opts.delimiter }), contentType, filename: sheetFileName(opts.title, format, wb.sheets.length ? sheet.name : undefined) };
    }
    case 'xlsx':
      return { body: workbookToXlsx(wb, { title: opts.title }), contentType, filename: sheetFileName(opts.title, format) };
    case 'ods':
      return { body: workbookToOds(wb, { title: opts.title }), contentType, filename: sheetFileName(opts.title, format) };
  }
}
