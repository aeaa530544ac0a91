import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { csvValue, decodeText, parseCsv } from '../../lib/convert/sheet/csv';
import { modelToWorkbook } from '../../lib/convert/sheet/fromModel';
import { odsToWorkbook } from '../../lib/convert/sheet/odsRead';
import { workbookToOds } from '../../lib/convert/sheet/odsWrite';
import { applyWorkbook, planWorkbook } from '../../lib/convert/sheet/toModel';
import type { CellValue, SheetData, WorkbookData } from '../../lib/convert/sheet/workbook';
import { xlsxToWorkbook } from '../../lib/convert/sheet/xlsxRead';
import { workbookToXlsx } from '../../lib/convert/sheet/xlsxWrite';
import { DEFAULT_UNZIP_LIMITS } from '../../lib/convert/unzip';
import { SheetEngine } from '../../lib/sheet/SheetEngine';
import { SheetModel } from '../../lib/sheet/SheetModel';
import { sampleModel } from '../unit/convert/sheetFixture';

const run = promisify(execFile);
// LibreOffice is the independent reader and writer; CI installs it (.ci/run), so there these
// tests always run.
const skipOffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status !== 0 && !process.env.CI;

// UTF-8, comma, double quotes; raw values rather than as shown; every sheet to its own file.
const CSV_EXPORT = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/** Values by A1-like position; a date constant is its ISO text, as our model keeps it. */
function valuesOf(sheet: SheetData): Record<string, CellValue> {
  return Object.fromEntries(sheet.cells.filter((c) => c.value !== null).map((c) => [`${c.row}:${c.col}`, c.value]));
}

function formulasOf(sheet: SheetData): Record<string, string> {
  return Object.fromEntries(sheet.cells.filter((c) => c.formula !== undefined).map((c) => [`${c.row}:${c.col}`, c.formula!]));
}

/** A CSV file LibreOffice wrote, as values the way our CSV import reads them. */
function csvValues(file: string): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  parseCsv(decodeText(readFileSync(file)), ',').forEach((fields, row) =>
    fields.forEach((raw, col) => {
      const v = csvValue(raw, 'en');
      if (v !== null) out[`${row}:${col}`] = v;
    }),
  );
  return out;
}

describe.skipIf(skipOffice)('spreadsheets through LibreOffice', () => {
  let dir: string;
  let source: WorkbookData;

  /** One soffice call per target (it takes seconds to start), with a throwaway profile. */
  async function soffice(target: string, files: string[], outDir: string): Promise<void> {
    mkdirSync(outDir, { recursive: true });
    await run('soffice', [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', target, '--outdir', outDir, ...files], {
      timeout: 180_000,
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'werkraum-lo-sheet-'));
    const { model, engine } = sampleModel();
    source = modelToWorkbook(model, engine);
    engine.destroy();
    model.destroy();
    mkdirSync(path.join(dir, 'xlsx'));
    mkdirSync(path.join(dir, 'ods'));
    writeFileSync(path.join(dir, 'xlsx', 'haushalt.xlsx'), workbookToXlsx(source, { title: 'Haushalt' }));
    writeFileSync(path.join(dir, 'ods', 'haushalt.ods'), workbookToOds(source, { title: 'Haushalt' }));
    // Each source to its own folder: LibreOffice names the CSV files after the file and sheet.
    await soffice(CSV_EXPORT, [path.join(dir, 'xlsx', 'haushalt.xlsx')], path.join(dir, 'csv-from-xlsx'));
    await soffice(CSV_EXPORT, [path.join(dir, 'ods', 'haushalt.ods')], path.join(dir, 'csv-from-ods'));
    await soffice('xlsx', [path.join(dir, 'ods', 'haushalt.ods')], path.join(dir, 'lo'));
    await soffice('ods', [path.join(dir, 'xlsx', 'haushalt.xlsx')], path.join(dir, 'lo'));
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['xlsx', 'ods'])('opens our %s with the values our engine computed', (format) => {
    const folder = path.join(dir, `csv-from-${format}`);
    const files = readdirSync(folder);
    for (const sheet of source.sheets) {
      const file = files.find((f) => f.normalize('NFC') === `haushalt-${sheet.name}.csv`.normalize('NFC'));
      expect(file, `LibreOffice's CSV of sheet ${sheet.name} (have ${files.join(', ')})`).toBeDefined();
      expect(csvValues(path.join(folder, file!))).toEqual(valuesOf(sheet));
    }
  });

  it.each([
    ['xlsx', (b: Uint8Array) => xlsxToWorkbook(b, { unzip: DEFAULT_UNZIP_LIMITS })],
    ['ods', (b: Uint8Array) => odsToWorkbook(b, { unzip: DEFAULT_UNZIP_LIMITS })],
  ] as const)('imports the %s LibreOffice wrote with the same values and formulas', (format, read) => {
    const wb = read(readFileSync(path.join(dir, 'lo', `haushalt.${format}`)));
    expect(wb.sheets.map((s) => s.name)).toEqual(source.sheets.map((s) => s.name));
    wb.sheets.forEach((sheet, i) => {
      expect(valuesOf(sheet)).toEqual(valuesOf(source.sheets[i]));
      expect(formulasOf(sheet)).toEqual(formulasOf(source.sheets[i]));
    });
    expect(wb.sheets[0].cells.find((c) => c.row === 0 && c.col === 0)?.style).toMatchObject({ bold: true, background: '#ffff00', align: 'center' });
    expect(wb.sheets[0].colWidths[0]).toBeGreaterThan(170);
    expect(wb.sheets[0].merges).toEqual(source.sheets[0].merges);

    // Into a live model, evaluated again by our engine rather than taken from the file's cache.
    const model = new SheetModel(new Y.Doc());
    applyWorkbook(model, planWorkbook(wb, []), { title: 'Import' });
    const engine = new SheetEngine(model);
    const again = modelToWorkbook(model, engine);
    again.sheets.forEach((sheet, i) => expect(valuesOf(sheet)).toEqual(valuesOf(source.sheets[i])));
    expect(model.getInput(model.sheetIds()[0], 2, 4, 'de-DE')).toBe("=B4*'Daten 2'!A1");
    engine.destroy();
    model.destroy();
  });
});
