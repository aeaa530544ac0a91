import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { csvToSheet, csvValue, decodeText, detectDelimiter, parseCsv, sheetToCsv } from '../../../lib/convert/sheet/csv';
import { applyWorkbook, planWorkbook } from '../../../lib/convert/sheet/toModel';
import { emptySheet, type SheetData } from '../../../lib/convert/sheet/workbook';
import { SheetModel } from '../../../lib/sheet/SheetModel';
import { sampleWorkbook } from './sheetFixture';

const enc = (s: string) => new TextEncoder().encode(s);
// Keep the BOM in the decoded text: the tests check it is there.
const dec = (b: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);
const values = (sheet: SheetData) => Object.fromEntries(sheet.cells.map((c) => [`${c.row}:${c.col}`, c.value]));

describe('CSV delimiter detection', () => {
  it('picks the delimiter that splits every line the same way', () => {
    expect(detectDelimiter('Name,Ort,Zahl\nAnna,Köln,3\nBen,Bonn,4\n')).toBe(',');
    expect(detectDelimiter('Name;Betrag\nMiete;1.200,50\nStrom;80,25\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n')).toBe('|');
  });

  it('ignores delimiters inside quoted fields', () => {
    expect(detectDelimiter('"Meier; Anna",1\n"Schulz; Ben",2\n')).toBe(',');
    expect(detectDelimiter('"1,5";"2,5"\n"3,5";"4,5"\n')).toBe(';');
  });

  it('falls back to a comma for a single column', () => {
    expect(detectDelimiter('Name\nAnna\nBen\n')).toBe(',');
  });
});

describe('CSV parsing', () => {
  it('reads quotes, doubled quotes, embedded line breaks and every line ending', () => {
    expect(parseCsv('a,"b ""c""",d\r\n"x\ny",2\r3,"4"', ',')).toEqual([
      ['a', 'b "c"', 'd'],
      ['x\ny', '2'],
      ['3', '4'],
    ]);
  });

  it('refuses a quote that never closes', () => {
    expect(() => parseCsv('a,"b\n', ',')).toThrow(/quoted field/);
  });

  it('strips the byte-order mark and reads Windows-1252 files', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('A');
    // "Größe;Maß" as German Excel writes it (not valid UTF-8).
    expect(decodeText(new Uint8Array([0x47, 0x72, 0xf6, 0xdf, 0x65, 0x3b, 0x4d, 0x61, 0xdf]))).toBe('Größe;Maß');
    const sheet = csvToSheet(enc('\uFEFFName,Zahl\nAnna,1\n'), { name: 'x' });
    expect(values(sheet)['0:0']).toBe('Name');
  });
});

describe('CSV numbers, dates and text on import', () => {
  it('reads German decimals in ;-separated files and English ones otherwise', () => {
    const de = csvToSheet(enc('Posten;Betrag;Anteil\nMiete;1.234,56;12,5 %\nStrom;-80,25;0,5\n'), { name: 'de' });
    expect(values(de)).toMatchObject({ '1:1': 1234.56, '1:2': 0.125, '2:1': -80.25, '2:2': 0.5 });
    const en = csvToSheet(enc('Item,Amount\nRent,"1,234.56"\nPower,-80.25\n'), { name: 'en' });
    expect(values(en)).toMatchObject({ '1:1': 1234.56, '2:1': -80.25 });
  });

  it('lets an explicit locale override the guess from the delimiter', () => {
    const en = csvToSheet(enc('a;b\n1.5;2\n'), { name: 'x', locale: 'en' });
    expect(values(en)['1:0']).toBe(1.5);
    // In German, 1.5 is neither 1,5 nor a thousands group: it stays text.
    expect(values(csvToSheet(enc('a;b\n1.5;2\n'), { name: 'x' }))['1:0']).toBe('1.5');
  });

  it('reads German dates and booleans, and keeps other text', () => {
    expect(csvValue('31.01.2026', 'de')).toBe('2026-01-31');
    expect(csvValue('2026-01-31', 'en')).toBe('2026-01-31');
    expect(csvValue('WAHR', 'de')).toBe(true);
    expect(csvValue('TRUE', 'en')).toBe(true);
    expect(csvValue('Köln', 'de')).toBe('Köln');
    expect(csvValue('', 'de')).toBeNull();
  });

  it('keeps formulas in a CSV file as text, so importing never runs them', () => {
    const sheet = csvToSheet(enc('=1+2,"=HYPERLINK(""http://x"")"\n'), { name: 'x' });
    expect(values(sheet)).toEqual({ '0:0': '=1+2', '0:1': '=HYPERLINK("http://x")' });
    const model = new SheetModel(new Y.Doc());
    applyWorkbook(model, planWorkbook({ sheets: [sheet] }, []), { title: 'x' });
    const id = model.sheetIds()[0];
    expect(model.getValue(id, 0, 0)).toBe("'=1+2");
    model.destroy();
  });

  it('takes back the apostrophe that protected text from formula injection', () => {
    expect(csvValue("'=SUM(A1)", 'en')).toBe('=SUM(A1)');
    expect(csvValue("'-Rabatt", 'en')).toBe('-Rabatt');
    // An apostrophe before ordinary text is the text's own.
    expect(csvValue("'s Gravenhage", 'en')).toBe("'s Gravenhage");
  });
});

describe('CSV export', () => {
  const sheet = (cells: SheetData['cells']): SheetData => ({ ...emptySheet('t'), cells });

  it('writes UTF-8 with a byte-order mark and CRLF line ends', () => {
    const bytes = sheetToCsv(sheet([{ row: 0, col: 0, value: 'Größe' }]));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(dec(bytes)).toBe('\uFEFFGröße\r\n');
  });

  it('neutralises text that a spreadsheet program would run as a formula', () => {
    const cells: SheetData['cells'] = ['=HYPERLINK("http://evil")', '+1+2', '-2+3', '@SUM(A1)', '\tTab', '\rCR', 'harmlos'].map((value, col) => ({ row: 0, col, value }));
    const line = dec(sheetToCsv(sheet(cells))).slice(1).trimEnd();
    expect(line).toBe(`"'=HYPERLINK(""http://evil"")",'+1+2,'-2+3,'@SUM(A1),'\tTab,"'\rCR",harmlos`);
  });

  it('exports formulas as their values: numbers stay numbers, text results are still neutralised', () => {
    const cells: SheetData['cells'] = [
      { row: 0, col: 0, value: -5, formula: '=A2-10' },
      { row: 0, col: 1, value: 3, formula: '=1+2' },
      { row: 0, col: 2, value: '=oops', formula: '="=oops"' },
      { row: 0, col: 3, value: -7.5 },
    ];
    expect(dec(sheetToCsv(sheet(cells))).slice(1)).toBe("-5,3,'=oops,-7.5\r\n");
  });

  it('uses ; and the decimal comma for German, and quotes where needed', () => {
    const cells: SheetData['cells'] = [
      { row: 0, col: 0, value: 1234.5 },
      { row: 0, col: 1, value: true },
      { row: 0, col: 2, value: 'a;b' },
      { row: 0, col: 3, value: 'Zeile 1\nZeile 2' },
      { row: 0, col: 4, value: 'sagt "ja"' },
      { row: 0, col: 5, value: '2026-01-31' },
    ];
    expect(dec(sheetToCsv(sheet(cells), { locale: 'de-DE' })).slice(1)).toBe('1234,5;WAHR;"a;b";"Zeile 1\nZeile 2";"sagt ""ja""";31.01.2026\r\n');
    expect(dec(sheetToCsv(sheet(cells), { locale: 'en' })).slice(1)).toBe('1234.5,TRUE,a;b,"Zeile 1\nZeile 2","sagt ""ja""",2026-01-31\r\n');
    expect(dec(sheetToCsv(sheet(cells), { delimiter: '\t' })).slice(1)).toMatch(/^1234\.5\tTRUE\ta;b\t/);
  });

  it('reads its own export back to the same values, in both notations', () => {
    const wb = sampleWorkbook();
    const first = wb.sheets[0];
    const expected = Object.fromEntries(first.cells.filter((c) => c.value !== null).map((c) => [`${c.row}:${c.col}`, c.value]));
    for (const locale of ['de-DE', 'en']) {
      const back = csvToSheet(sheetToCsv({ ...first, cells: first.cells.filter((c) => c.value !== null) }, { locale }), { name: 'x' });
      expect(values(back)).toEqual(expected);
    }
  });
});
