import { afterEach, describe, expect, it } from 'vitest';
import { SheetEngine } from '../../../lib/sheet/SheetEngine';
import { createUndoManager } from '../../../lib/sheet/undo';
import { newModel } from './helpers';

const engines: SheetEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.destroy();
});

function sheetWithSum(formula: string) {
  const { model, sheet } = newModel(12, 6);
  model.setValues(sheet, 0, 0, Array.from({ length: 10 }, (_, i) => [i + 1]));
  model.setInput(sheet, 11, 5, formula, 'de');
  const engine = new SheetEngine(model);
  engines.push(engine);
  const at = () => {
    // The formula's row moves up with each deleted row above it.
    for (let r = model.rowCount(sheet) - 1; r >= 0; r--) if (model.getInput(sheet, r, 5, 'de').startsWith('=')) return { input: model.getInput(sheet, r, 5, 'de'), value: engine.getValue(sheet, r, 5) };
    return null;
  };
  return { model, sheet, at };
}

describe('deleting the first or last line of a range', () => {
  it('shrinks the range to the rows that remain, at either end', () => {
    const { model, sheet, at } = sheetWithSum('=SUMME(A2:A10)');
    expect(at()).toEqual({ input: '=SUMME(A2:A10)', value: 54 });
    model.deleteRows(sheet, 9, 1); // row 10
    expect(at()).toEqual({ input: '=SUMME(A2:A9)', value: 44 });
    model.deleteRows(sheet, 1, 1); // row 2
    expect(at()).toEqual({ input: '=SUMME(A2:A8)', value: 42 });
    model.deleteRows(sheet, 5, 4); // rows 6–9: the range's end and below
    expect(at()).toEqual({ input: '=SUMME(A2:A5)', value: 18 });
  });

  it('keeps absolute corners absolute and a range written bottom-up as written', () => {
    const { model, sheet, at } = sheetWithSum('=SUMME($A$2:$A$10)');
    model.deleteRows(sheet, 9, 1);
    expect(at()?.input).toBe('=SUMME($A$2:$A$9)');
    const other = sheetWithSum('=SUMME(A10:A2)');
    other.model.deleteRows(other.sheet, 9, 1);
    expect(other.at()?.input).toBe('=SUMME(A2:A9)');
  });

  it('shrinks ranges over columns, whole columns and whole rows', () => {
    const { model, sheet } = newModel(6, 6);
    model.setValues(sheet, 0, 0, [[1, 2, 3, 4, 5]]);
    model.setInput(sheet, 5, 0, '=SUMME(B1:D1)', 'de');
    model.setInput(sheet, 5, 1, '=SUMME(B:D)', 'de');
    model.setInput(sheet, 5, 2, '=SUMME(1:3)', 'de');
    model.deleteCols(sheet, 3, 1); // column D
    expect(model.getInput(sheet, 5, 0, 'de')).toBe('=SUMME(B1:C1)');
    expect(model.getInput(sheet, 5, 1, 'de')).toBe('=SUMME(B:C)');
    model.deleteRows(sheet, 2, 1); // row 3
    expect(model.getInput(sheet, 4, 2, 'de')).toBe('=SUMME(1:2)');
  });

  it('follows references from other tabs, and leaves other tabs’ own ranges alone', () => {
    const { model, sheet } = newModel(6, 2);
    model.renameSheet(sheet, 'Daten');
    const report = model.addSheet({ name: 'Auswertung', rows: 6, cols: 2 });
    model.setInput(report, 0, 0, '=SUMME(Daten!A1:A5)', 'de');
    model.setInput(report, 0, 1, '=SUMME(A1:A5)', 'de');
    model.deleteRows(sheet, 4, 1);
    expect(model.getInput(report, 0, 0, 'de')).toBe('=SUMME(Daten!A1:A4)');
    expect(model.getInput(report, 0, 1, 'de')).toBe('=SUMME(A1:A5)');
  });

  it('turns a range into #BEZUG! when all its rows go, as a single deleted cell', () => {
    const { model, sheet, at } = sheetWithSum('=SUMME(A2:A3)+A5');
    model.deleteRows(sheet, 1, 2);
    expect(at()?.input).toBe('=SUMME(#BEZUG!)+A3');
    model.deleteRows(sheet, 2, 1);
    expect(at()?.input).toBe('=SUMME(#BEZUG!)+#BEZUG!');
  });

  it('is undone with the deletion', () => {
    const { model, sheet, at } = sheetWithSum('=SUMME(A2:A10)');
    const undo = createUndoManager(model);
    model.deleteRows(sheet, 9, 1);
    expect(at()?.input).toBe('=SUMME(A2:A9)');
    undo.undo();
    expect(at()).toEqual({ input: '=SUMME(A2:A10)', value: 54 });
    undo.destroy();
  });
});
