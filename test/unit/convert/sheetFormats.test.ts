import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { strToU8, zipSync } from 'fflate';
import { sheetToCsv } from '../../../lib/convert/sheet/csv';
import { modelToWorkbook } from '../../../lib/convert/sheet/fromModel';
import { a1ToOpenFormula, openFormulaToA1, renameSheetsInFormula, shiftA1Formula } from '../../../lib/convert/sheet/formulaText';
import { odsToWorkbook } from '../../../lib/convert/sheet/odsRead';
import { workbookToOds } from '../../../lib/convert/sheet/odsWrite';
import { applyWorkbook, planWorkbook } from '../../../lib/convert/sheet/toModel';
import type { SheetData, WorkbookData } from '../../../lib/convert/sheet/workbook';
import { xlsxToWorkbook } from '../../../lib/convert/sheet/xlsxRead';
import { workbookToXlsx } from '../../../lib/convert/sheet/xlsxWrite';
import { DEFAULT_UNZIP_LIMITS } from '../../../lib/convert/unzip';
import { SheetEngine } from '../../../lib/sheet/SheetEngine';
import { SheetModel } from '../../../lib/sheet/SheetModel';
import { sampleModel, sampleWorkbook } from './sheetFixture';

const opts = { unzip: DEFAULT_UNZIP_LIMITS };
const formats = [
  { name: 'XLSX', write: workbookToXlsx, read: (b: Uint8Array) => xlsxToWorkbook(b, opts) },
  { name: 'ODS', write: workbookToOds, read: (b: Uint8Array) => odsToWorkbook(b, opts) },
] as const;

/** Cells keyed by position, for comparisons that do not depend on order. */
function byPosition(sheet: SheetData) {
  return Object.fromEntries(sheet.cells.map(({ row, col, ...rest }) => [`${row}:${col}`, rest]));
}

function comparable(wb: WorkbookData) {
  return wb.sheets.map((s) => ({ name: s.name, cells: byPosition(s), colWidths: [...s.colWidths], frozen: s.frozen, merges: s.merges }));
}

describe('formula text for XLSX and ODS', () => {
  it('writes and reads OpenFormula', () => {
    expect(a1ToOpenFormula('=SUM(A1:B2,3.5)*$C$1')).toBe('of:=SUM([.A1:.B2];3.5)*[.$C$1]');
    expect(a1ToOpenFormula("='Daten 2'!A1+Tabelle2!B3:C4")).toBe("of:=[$'Daten 2'.A1]+[$Tabelle2.B3:.C4]");
    expect(a1ToOpenFormula('=IF(TRUE,"a;b","[.x]")')).toBe('of:=IF(TRUE();"a;b";"[.x]")');
    expect(a1ToOpenFormula('=SUM(A:A)+SUM(2:3)+SUM({1,2;3,4})')).toBe('of:=SUM([.A:.A])+SUM([.2:.3])+SUM({1;2|3;4})');
    expect(openFormulaToA1('of:=SUM([.A1:.B2];3.5)*[.$C$1]')).toBe('=SUM(A1:B2,3.5)*$C$1');
    expect(openFormulaToA1("of:=[$'Daten 2'.A1]+[$Tabelle2.B3:.C4]&\"x;y\"")).toBe("='Daten 2'!A1+Tabelle2!B3:C4&\"x;y\"");
    expect(openFormulaToA1("of:=['It''s'.A1]")).toBe("='It''s'!A1");
    expect(openFormulaToA1('of:=SUM({1;2|3;4})')).toBe('=SUM({1,2;3,4})');
    expect(openFormulaToA1('of:=[.#REF!]*2')).toBe('=#REF!*2');
  });

  it('moves XLSX shared formulas and renames sheet references', () => {
    expect(shiftA1Formula('A1*2+$B$1+B$1+SUM(A1:A3)', 2, 1)).toBe('B3*2+$B$1+C$1+SUM(B3:B5)');
    expect(shiftA1Formula('A2-1', -2, 0)).toBe('#REF!-1');
    expect(renameSheetsInFormula("=Übersicht!A1+'Daten 2'!B2+C3", new Map([['übersicht', 'Übersicht (2)']]))).toBe("='Übersicht (2)'!A1+'Daten 2'!B2+C3");
  });
});

describe.each(formats)('$name writer and reader', ({ write, read }) => {
  it('reads back the same values, formulas, widths, frozen panes, merges and styles', () => {
    const wb = sampleWorkbook();
    const back = read(write(wb, { title: 'Haushalt' }));
    expect(comparable(back)).toEqual(comparable(wb));
  });

  it('keeps text exactly: spaces, line breaks, markup characters and text that looks like a formula', () => {
    const texts = [' eingerückt', 'zwei  Leerzeichen   drei', 'Zeile 1\nZeile 2', '<b>&amp;</b> "x"', '=nicht rechnen', "'Apostroph"];
    const wb: WorkbookData = { sheets: [{ name: 'Text', cells: texts.map((value, row) => ({ row, col: 0, value })), colWidths: [], frozen: { rows: 0, cols: 0 }, merges: [] }] };
    expect(read(write(wb, { title: 'x' })).sheets[0].cells.map((c) => c.value)).toEqual(texts);
  });

  it('carries the workbook through the sheet model unchanged (export, import, export)', () => {
    const { model, engine } = sampleModel();
    const first = modelToWorkbook(model, engine);
    const bytes = write(first, { title: 'Haushalt' });
    const target = new SheetModel(new Y.Doc());
    applyWorkbook(target, planWorkbook(read(bytes), []), { title: 'Import' });
    const targetEngine = new SheetEngine(target);
    const again = modelToWorkbook(target, targetEngine);
    expect(comparable(again)).toEqual(comparable(first));
    // Evaluated by our own engine after the import, not just the cached values of the file.
    const s1 = target.sheetIds()[0];
    expect(targetEngine.getValuesA1('B4:B4', s1)).toEqual([[1120.25]]);
    expect(targetEngine.getValuesA1("'Daten 2'!A1", s1)).toEqual([[2]]);
    expect(target.getFrozen(s1)).toEqual({ rows: 1, cols: 1 });
    expect(target.getColumnMeta(s1, 0).width).toBe(180);
    expect(target.getStyle(s1, 0, 0)).toMatchObject({ bold: true, background: '#ffff00', align: 'center' });
    for (const m of [model, target]) m.destroy();
    for (const e of [engine, targetEngine]) e.destroy();
  });

  it('gives a date computed by a formula a date format, so other programs and CSV show the date', () => {
    const model = new SheetModel(new Y.Doc());
    model.initialize({ title: 'Termine', rows: 2, cols: 2 });
    const sheet = model.sheetIds()[0];
    model.setInput(sheet, 0, 0, '=DATUM(2025;3;1)+7', 'de');
    model.setInput(sheet, 0, 1, '=JAHR(A1)', 'de');
    const engine = new SheetEngine(model);
    const cells = modelToWorkbook(model, engine).sheets[0].cells;
    expect(cells.map((c) => c.style?.numberFormat)).toEqual(['YYYY-MM-DD', undefined]);
    const back = read(write({ sheets: [{ ...modelToWorkbook(model, engine).sheets[0] }] }, { title: 'x' })).sheets[0];
    expect(back.cells[0]).toMatchObject({ value: 45724, style: { numberFormat: 'YYYY-MM-DD' } });
    expect(new TextDecoder().decode(sheetToCsv(back, { locale: 'de' }))).toBe('08.03.2025;2025\r\n');
    engine.destroy();
    model.destroy();
  });

  it('adds a file as new tabs with unique names, pointing its formulas at the renamed sheets', () => {
    const { model, engine } = sampleModel();
    const bytes = write(modelToWorkbook(model, engine), { title: 'x' });
    const ids = applyWorkbook(model, planWorkbook(read(bytes), model.sheetList().map((s) => s.name)));
    expect(ids.map((id) => model.sheetName(id))).toEqual(['Übersicht (2)', 'Daten 2 (2)']);
    expect(model.getInput(ids[0], 2, 4, 'en')).toBe("=B4*'Daten 2 (2)'!A1");
    expect(engine.getValue(ids[0], 2, 4)).toBe(2240.5);
    engine.destroy();
    model.destroy();
  });
});

describe('XLSX files written by others', () => {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  function xlsx(sheetXml: string, extra: Record<string, string> = {}): Uint8Array {
    return zipSync({
      '_rels/.rels': strToU8('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
      'xl/workbook.xml': strToU8(`<workbook ${ns}><sheets><sheet name="Blatt" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
      ),
      'xl/worksheets/sheet1.xml': strToU8(`<worksheet ${ns}>${sheetXml}</worksheet>`),
      'xl/sharedStrings.xml': strToU8(`<sst ${ns}><si><t>Name</t></si><si><r><t>Fett</t></r><r><t xml:space="preserve"> und dünn</t></r><rPh><t>x</t></rPh></si></sst>`),
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strToU8(v)])),
    });
  }

  it('reads shared strings with runs, shared formulas, namespaced functions and rows without addresses', () => {
    const wb = xlsxToWorkbook(
      xlsx(
        '<sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>' +
          '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><f t="shared" ref="B2:B4" si="0">A2*2</f><v>2</v></c></row>' +
          '<row r="3"><c r="A3"><v>2</v></c><c r="B3"><f t="shared" si="0"/><v>4</v></c></row>' +
          '<row r="4"><c r="A4"><v>3</v></c><c r="B4"><f t="shared" si="0"/><v>6</v></c><c r="C4" t="str"><f>_xlfn.CONCAT("a","b")</f><v>ab</v></c><c r="D4" t="b"><v>1</v></c></row></sheetData>',
      ),
      opts,
    );
    const cells = byPosition(wb.sheets[0]);
    expect(cells['0:0']).toEqual({ value: 'Name' });
    expect(cells['0:1']).toEqual({ value: 'Fett und dünn' });
    expect(cells['2:1']).toEqual({ value: 4, formula: '=A3*2' });
    expect(cells['3:1']).toEqual({ value: 6, formula: '=A4*2' });
    expect(cells['3:2']).toEqual({ value: 'ab', formula: '=CONCAT("a","b")' });
    expect(cells['3:3']).toEqual({ value: true });
  });
});
