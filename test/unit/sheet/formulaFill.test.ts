import { describe, expect, it } from 'vitest';
import { shiftFormula, shiftRawValue } from '../../../lib/sheet/formulaFill';
import { formulaToA1, formulaToStored } from '../../../lib/sheet/formulaRefs';
import { newModel } from './helpers';

describe('paste and fill offsets', () => {
  const setup = () => {
    const { model, sheet } = newModel(10, 6);
    const other = model.addSheet({ name: 'Zweites', rows: 10, cols: 6 });
    return { model, sheet, other, ctx: model.refContext(sheet) };
  };
  const fill = (formula: string, rows: number, cols: number) => {
    const { ctx } = setup();
    return formulaToA1(shiftFormula(formulaToStored(formula, 'en', ctx), { rows, cols }, ctx), 'en', ctx);
  };

  it('shifts relative parts and keeps absolute ones', () => {
    expect(fill('=A1+$A$1+$A1+A$1', 2, 1)).toBe('=B3+$A$1+$A3+B$1');
    expect(fill('=SUM(A1:B2)*$C$3', 1, 0)).toBe('=SUM(A2:B3)*$C$3');
    // Rows 4 and $2 swap places; each $ stays with its row, as spreadsheets show it.
    expect(fill('=SUM($A1:B$2)', 3, 2)).toBe('=SUM($A$2:D4)');
  });

  it('shifts whole columns and rows in their direction only', () => {
    expect(fill('=SUM(A:A)+SUM(1:2)', 4, 1)).toBe('=SUM(B:B)+SUM(5:6)');
    expect(fill('=SUM($A:A)', 0, 2)).toBe('=SUM($A:C)');
  });

  it('keeps string literals and cross-sheet prefixes', () => {
    expect(fill('=Zweites!B2&"A1"', 1, 1)).toBe('=Zweites!C3&"A1"');
  });

  it('gives #REF! when a part leaves the grid', () => {
    expect(fill('=A1*2+B2', -1, 0)).toBe('=#REF!*2+B1');
    expect(fill('=F1', 0, 1)).toBe('=#REF!');
  });

  it('moves references without sheet prefix into the sheet pasted into', () => {
    const { model, sheet, other, ctx } = setup();
    const stored = formulaToStored('=A1+$B$2+Tabelle1!C3', 'en', ctx);
    const pasted = shiftFormula(stored, { rows: 1, cols: 0, targetSheetId: other }, ctx);
    expect(formulaToA1(pasted, 'en', model.refContext(other))).toBe('=A2+$B$2+Tabelle1!C4');
    expect(shiftRawValue(42, { rows: 1, cols: 1 }, ctx)).toBe(42);
    expect(model.sheetName(sheet)).toBe('Tabelle1');
  });
});
