import { describe, expect, it } from 'vitest';
import { formulaToA1, formulaToStored, lexStored, referencedExtent, renderStoredTokens, storedRefs } from '../../../lib/sheet/formulaRefs';
import { newModel } from './helpers';

describe('A1 ⇄ id references', () => {
  const setup = () => {
    const { model, sheet } = newModel(10, 6);
    const other = model.addSheet({ name: 'Sheet2', rows: 5, cols: 5 });
    const quoted = model.addSheet({ name: "Mein O'Brien Blatt", rows: 5, cols: 5 });
    const ctx = model.refContext(sheet);
    const rows = model.rowIds(sheet);
    const cols = model.colIds(sheet);
    return { model, sheet, other, quoted, ctx, rows, cols };
  };

  it('stores a relative reference as the ids of its row and column', () => {
    const { ctx, rows, cols } = setup();
    const stored = formulaToStored('=B3*2', 'en', ctx);
    expect(stored).toBe(`={{c=${cols[1]},r=${rows[2]}}}*2`);
    expect(formulaToA1(stored, 'en', ctx)).toBe('=B3*2');
  });

  it('keeps $ per part: absolute and mixed references', () => {
    const { ctx, rows, cols } = setup();
    const stored = formulaToStored('=$A$1+$A1+A$1+a1', 'en', ctx);
    expect(storedRefs(stored)).toEqual([
      { kind: 'cell', c1: { id: cols[0], abs: true }, r1: { id: rows[0], abs: true } },
      { kind: 'cell', c1: { id: cols[0], abs: true }, r1: { id: rows[0], abs: false } },
      { kind: 'cell', c1: { id: cols[0], abs: false }, r1: { id: rows[0], abs: true } },
      { kind: 'cell', c1: { id: cols[0], abs: false }, r1: { id: rows[0], abs: false } },
    ]);
    expect(formulaToA1(stored, 'en', ctx)).toBe('=$A$1+$A1+A$1+A1');
  });

  it('stores both corners of ranges, whole columns and whole rows', () => {
    const { ctx, rows, cols } = setup();
    const stored = formulaToStored('=SUM(A1:B3)+SUM(C:C)+SUM(2:$4)+SUM(B3:A1)', 'en', ctx);
    const refs = storedRefs(stored);
    expect(refs[0]).toEqual({ kind: 'range', c1: { id: cols[0], abs: false }, r1: { id: rows[0], abs: false }, c2: { id: cols[1], abs: false }, r2: { id: rows[2], abs: false } });
    expect(refs[1]).toEqual({ kind: 'cols', c1: { id: cols[2], abs: false }, c2: { id: cols[2], abs: false } });
    expect(refs[2]).toEqual({ kind: 'rows', r1: { id: rows[1], abs: false }, r2: { id: rows[3], abs: true } });
    // Corners are stored in order, as spreadsheets normalise B3:A1.
    expect(refs[3]).toEqual(refs[0]);
    expect(formulaToA1(stored, 'en', ctx)).toBe('=SUM(A1:B3)+SUM(C:C)+SUM(2:$4)+SUM(A1:B3)');
  });

  it('stores cross-sheet references with the sheet id and shows the current name', () => {
    const { model, ctx, other, quoted } = setup();
    const stored = formulaToStored("=Sheet2!B3+'Mein O''Brien Blatt'!B3:C4+sheet2!A:A", 'en', ctx);
    const refs = storedRefs(stored);
    expect(refs.map((r) => r.sheetId)).toEqual([other, quoted, other]);
    expect(refs[1].r1?.id).toBe(model.rowIds(quoted)[2]);
    expect(formulaToA1(stored, 'en', ctx)).toBe("=Sheet2!B3+'Mein O''Brien Blatt'!B3:C4+Sheet2!A:A");
    model.renameSheet(other, 'Zahlen 2024');
    expect(formulaToA1(stored, 'en', ctx)).toBe("='Zahlen 2024'!B3+'Mein O''Brien Blatt'!B3:C4+'Zahlen 2024'!A:A");
    // A range written with the sheet on both corners is one range.
    expect(storedRefs(formulaToStored("=SUM('Zahlen 2024'!A1:'zahlen 2024'!B2)", 'en', model.refContext(model.sheetIds()[0])))).toHaveLength(1);
  });

  it('follows the cell when rows and columns are inserted or moved', () => {
    const { model, sheet, ctx } = setup();
    const stored = formulaToStored('=A3*2+SUM(B1:B4)+$C$2', 'en', ctx);
    model.insertRows(sheet, 2, 1);
    model.insertCols(sheet, 0, 1);
    expect(formulaToA1(stored, 'en', ctx)).toBe('=B4*2+SUM(C1:C5)+$D$2');
    model.moveRows(sheet, 0, 1, 6);
    expect(formulaToA1(stored, 'en', ctx)).toBe('=B3*2+SUM(C4:C7)+$D$1');
  });

  it('shows #REF! for deleted rows, columns, range corners and sheets', () => {
    const { model, sheet, other, ctx } = setup();
    const stored = formulaToStored('=A3*2+SUM(B1:B4)+Sheet2!A1+SUM(C:D)', 'en', ctx);
    model.deleteRows(sheet, 2, 1);
    expect(formulaToA1(stored, 'en', ctx)).toBe('=#REF!*2+SUM(B1:B3)+Sheet2!A1+SUM(C:D)');
    model.deleteRows(sheet, 0, 1);
    model.deleteCols(sheet, 3, 1);
    model.deleteSheet(other);
    expect(formulaToA1(stored, 'en', ctx)).toBe('=#REF!*2+SUM(#REF!)+#REF!+SUM(#REF!)');
  });

  it('never touches strings, function names or names', () => {
    const { ctx } = setup();
    const input = '=IF(A1="A1","B2:C3",LOG10(A2))&CONCAT("it\'s ""A1""")+TRUE+ATAN2(1,2)+Sheet2x+A1B';
    const stored = formulaToStored(input, 'en', ctx);
    expect(stored).toContain('"A1","B2:C3"');
    expect(stored).toContain('LOG10(');
    expect(stored).toContain('ATAN2(1,2)');
    expect(stored).toContain('"it\'s ""A1"""');
    expect(stored).toContain('+Sheet2x+A1B');
    expect(storedRefs(stored)).toHaveLength(2);
    expect(formulaToA1(stored, 'en', ctx)).toBe(input);
  });

  it('normalises function names and keeps unknown ones as typed', () => {
    const { ctx } = setup();
    expect(formulaToA1(formulaToStored('=sum(a1)+foo(1)+t.test(A1:A2,B1:B2,2,1)', 'en', ctx), 'en', ctx)).toBe('=SUM(A1)+foo(1)+T.TEST(A1:A2,B1:B2,2,1)');
  });

  it('turns references outside the grid into #REF! and ends ranges at the last row', () => {
    const { ctx, rows } = setup();
    expect(formulaToStored('=A11', 'en', ctx)).toBe('=#REF!');
    expect(formulaToStored('=Sheet3!A1', 'en', ctx)).toBe('=#REF!');
    const stored = formulaToStored('=SUM(A2:A1000)', 'en', ctx);
    expect(storedRefs(stored)[0].r2?.id).toBe(rows[9]);
    expect(formulaToA1(stored, 'en', ctx)).toBe('=SUM(A2:A10)');
    expect(referencedExtent('=SUM(A2:A1000)+Sheet2!Z3', 'en')).toEqual([
      { rows: 1000, cols: 1 },
      { sheet: 'Sheet2', rows: 3, cols: 26 },
    ]);
  });

  it('leaves a stored formula without references unchanged', () => {
    const { ctx } = setup();
    expect(formulaToA1(formulaToStored('=1+2*3', 'en', ctx), 'en', ctx)).toBe('=1+2*3');
    expect(formulaToA1(formulaToStored('={1,2;3,4}', 'en', ctx), 'en', ctx)).toBe('={1,2;3,4}');
  });
});

describe('engine rendering', () => {
  it('renders the same as the lexer-based rewriting, for any formula', async () => {
    const fc = (await import('fast-check')).default;
    const { parseForEngine, renderForEngine } = await import('../../../lib/sheet/engineFormula');
    const { model, sheet } = newModel(6, 5);
    model.addSheet({ name: "O'Brien", rows: 4, cols: 4 });
    const ctx = model.refContext(sheet);
    const piece = fc.constantFrom(
      'A1', '$B$2', 'C3:D4', 'A:B', '2:$3', "'O''Brien'!B2", "'O''Brien'!A:A", 'Z99', 'SUM(', 'IF(', 'ISTRUE(', ')', ',', '+', '*2', ' ',
      'TRUE', 'false', 'TRUE()', '"TRUE"', '"{{c=x,r=y}}"', '"say ""A1"""', '{1,2;3,4}', '#REF!', '2.5', 'T.TEST(', 'TRUEX', 'x.TRUE', 'LOG10(', '1E5', '.5', '3', 'Wahr', 'ÄTRUE',
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        const stored = formulaToStored(`=${pieces.join('')}`, 'en', ctx);
        const viaLexer = renderStoredTokens(lexStored(stored), 'en', ctx, { quoteSheets: true, engine: true });
        expect(renderForEngine(parseForEngine(stored), ctx)).toBe(viaLexer);
      }),
      { numRuns: 300 },
    );
  });

  it('gives HyperFormula ranges instead of whole rows and columns', () => {
    const { model, sheet } = newModel(4, 3);
    const ctx = model.refContext(sheet);
    expect(renderStoredTokens(lexStored(formulaToStored('=SUM(B:C)+SUM($2:3)+TRUE', 'en', ctx)), 'en', ctx, { engine: true })).toBe('=SUM(B1:C4)+SUM(A$2:C3)+TRUE()');
  });
});
