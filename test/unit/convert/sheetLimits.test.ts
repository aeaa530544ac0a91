import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { strToU8, zipSync } from 'fflate';
import { AppError } from '../../../lib/errors';
import { readSheetFile } from '../../../lib/convert/sheet/readFile';
import { planWorkbook } from '../../../lib/convert/sheet/toModel';
import { workbookToOds } from '../../../lib/convert/sheet/odsWrite';
import { workbookToXlsx } from '../../../lib/convert/sheet/xlsxWrite';
import { emptySheet } from '../../../lib/convert/sheet/workbook';
import type { SheetLimits } from '../../../lib/convert/sheet/limits';
import { SheetModel } from '../../../lib/sheet/SheetModel';
import { sampleWorkbook } from './sheetFixture';

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

const MiB = 1024 * 1024;
const small: SheetLimits = { maxRows: 10, maxCols: 5, maxCells: 20, maxSheets: 2 };
const read = (bytes: Uint8Array, filename: string, extra: Partial<Parameters<typeof readSheetFile>[0]> = {}) =>
  readSheetFile({ bytes, filename, format: filename.split('.').pop() as 'csv' | 'xlsx' | 'ods', maxBytes: 20 * MiB, ...extra });

describe('spreadsheet import limits', () => {
  it('refuses files over the configured size with 413', () => {
    const err = appError(() => read(new Uint8Array(2048).fill(65), 'gross.csv', { maxBytes: 1024 }));
    expect(err).toMatchObject({ status: 413, code: 'too_large' });
  });

  it('stops a zip bomb in an XLSX or ODS by the bytes it really unpacks to', () => {
    for (const [name, entry] of [
      ['bombe.xlsx', 'xl/worksheets/sheet1.xml'],
      ['bombe.ods', 'content.xml'],
    ]) {
      const bomb = zipSync({ [entry]: new Uint8Array(64 * MiB) }, { level: 9 });
      expect(bomb.length).toBeLessThan(MiB);
      const err = appError(() => read(bomb, name, { unzipLimits: { maxEntries: 100, maxTotalBytes: 8 * MiB } }));
      expect(err).toMatchObject({ status: 413, code: 'too_large' });
      expect(err.message).toMatch(/unpacks to more than/);
    }
  });

  it('refuses archives with too many entries', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 50; i++) files[`xl/f${i}.xml`] = strToU8('<x/>');
    expect(appError(() => read(zipSync(files), 'viele.xlsx', { unzipLimits: { maxEntries: 20, maxTotalBytes: MiB } }))).toMatchObject({ status: 413 });
  });

  it('refuses sheets past the row, column and cell limits in every format', () => {
    const rows = Array.from({ length: 11 }, (_, i) => `${i}`).join('\n');
    expect(appError(() => read(strToU8(rows), 'lang.csv', { limits: small })).message).toMatch(/more than 10 rows/);
    expect(appError(() => read(strToU8('1,2,3,4,5,6'), 'breit.csv', { limits: small })).message).toMatch(/more than 5 columns/);
    const tall = { sheets: [{ ...emptySheet('Hoch'), cells: [{ row: 10, col: 0, value: 1 }] }] };
    for (const [name, bytes] of [
      ['hoch.xlsx', workbookToXlsx(tall, { title: 'x' })],
      ['hoch.ods', workbookToOds(tall, { title: 'x' })],
    ] as const) {
      expect(appError(() => read(bytes, name, { limits: small }))).toMatchObject({ status: 413, code: 'too_large' });
    }
    // With the real limits: one cell in row 100 001 is one row too many.
    const far = { sheets: [{ ...emptySheet('Weit'), cells: [{ row: 100_000, col: 0, value: 1 }] }] };
    expect(appError(() => read(workbookToXlsx(far, { title: 'x' }), 'weit.xlsx')).message).toMatch(/more than 100000 rows/);
    const dense = Array.from({ length: 5 }, () => '1,2,3,4,5').join('\n');
    expect(appError(() => read(strToU8(dense), 'dicht.csv', { limits: small })).message).toMatch(/more than 20 filled cells/);
  });

  it('does not expand a repeated ODS row with content past the limits', () => {
    const content =
      '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">' +
      '<office:body><office:spreadsheet><table:table table:name="T"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>';
    const ods = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8(content) });
    expect(appError(() => read(ods, 'wiederholt.ods'))).toMatchObject({ status: 413 });
  });

  it('refuses too many sheets before anything is written', () => {
    const wb = sampleWorkbook();
    const three = { sheets: [...wb.sheets, { ...emptySheet('Drei') }] };
    expect(appError(() => read(workbookToXlsx(three, { title: 'x' }), 'drei.xlsx', { limits: small })).message).toMatch(/more than 2 sheets/);
    expect(appError(() => planWorkbook(three, [], small)).status).toBe(413);
  });

  it('reports damaged and foreign files as malformed (400)', () => {
    const xlsx = workbookToXlsx(sampleWorkbook(), { title: 'x' });
    expect(appError(() => read(xlsx.subarray(0, 300), 'kaputt.xlsx'))).toMatchObject({ status: 400 });
    expect(appError(() => read(strToU8('Name,Zahl'), 'text.xlsx'))).toMatchObject({ status: 400, code: 'malformed_file' });
    expect(appError(() => read(zipSync({ 'other.xml': strToU8('<x/>') }), 'leer.ods'))).toMatchObject({ status: 400, code: 'malformed_file' });
    expect(appError(() => read(xlsx, 'archiv.csv'))).toMatchObject({ status: 400 });
    expect(appError(() => read(new Uint8Array(0), 'leer.csv'))).toMatchObject({ status: 400 });
  });

  it('leaves a document as it was when a file is refused', () => {
    const doc = new Y.Doc();
    const model = new SheetModel(doc);
    model.initialize({ title: 'Bestand' });
    const before = JSON.stringify(model.toJSON());
    // Reading and planning come first and touch nothing; only a plan that passed is applied.
    expect(() => planWorkbook(read(strToU8(Array.from({ length: 11 }, () => 'x').join('\n')), 'x.csv', { limits: small }), [])).toThrow(AppError);
    expect(JSON.stringify(model.toJSON())).toBe(before);
    model.destroy();
  });
});
