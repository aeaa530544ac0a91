import { afterEach, describe, expect, it } from 'vitest';
import { SheetEngine, type EngineChange } from '../../../lib/sheet/SheetEngine';
import type { SheetModel } from '../../../lib/sheet/SheetModel';
import { createUndoManager } from '../../../lib/sheet/undo';
import { newModel, replicaOf, sync } from './helpers';

const engines: SheetEngine[] = [];
const engineOf = (model: SheetModel) => {
  const e = new SheetEngine(model);
  engines.push(e);
  return e;
};
afterEach(() => {
  for (const e of engines.splice(0)) e.destroy();
});

/** Every value of every sheet, from a freshly built engine that gives HyperFormula every cell:
 *  the reference result for incremental updates and for leaving unread columns out. */
function freshValues(model: SheetModel) {
  const e = new SheetEngine(model, { feedAll: true });
  const out = model.sheetIds().map((id) => e.getSheetValues(id));
  e.destroy();
  return out;
}
const allValues = (e: SheetEngine, model: SheetModel) => model.sheetIds().map((id) => e.getSheetValues(id));

describe('formula evaluation', () => {
  it('evaluates formulas typed in either locale, across sheets, with errors as codes', () => {
    const { model, sheet } = newModel(6, 4);
    const other = model.addSheet({ name: 'Mein Blatt', rows: 5, cols: 5 });
    model.setInput(sheet, 0, 0, '2', 'en');
    model.setInput(sheet, 1, 0, '3,5', 'de');
    model.setInput(sheet, 2, 0, '=SUMME(A1:A2;0,5)', 'de');
    model.setInput(other, 1, 1, '10', 'en');
    model.setInput(sheet, 3, 0, "='Mein Blatt'!B2*$A$1", 'en');
    model.setInput(other, 0, 0, '=Tabelle1!A3+1', 'en');
    model.setInput(sheet, 4, 0, '=1/0', 'en');
    model.setInput(sheet, 5, 0, '=NICHTDA(1)', 'de');
    model.setInput(sheet, 0, 1, '=A1>1', 'en');
    model.setInput(sheet, 1, 1, '=IF(TRUE,"ja","nein")&"-"&LOG10(100)', 'en');
    model.setInput(sheet, 2, 1, '=A:A', 'en');
    const e = engineOf(model);
    expect(e.getValues({ sheetId: sheet, start: { row: 0, col: 0 }, end: { row: 5, col: 0 } }).flat()).toEqual([2, 3.5, 6, 20, '#DIV/0!', '#NAME?']);
    expect(e.getValue(other, 0, 0)).toBe(7);
    expect(e.getValue(sheet, 0, 1)).toBe(true);
    expect(e.getValue(sheet, 1, 1)).toBe('ja-2');
    expect(e.getValuesA1("'Mein Blatt'!A1:B2")).toEqual([
      [7, null],
      [null, 10],
    ]);
    expect(e.getValue(sheet, 0, 3)).toBeNull();
  });

  it('shows and evaluates #REF! when a referenced row, column or sheet is deleted', () => {
    const { model, sheet } = newModel(6, 4);
    const other = model.addSheet({ name: 'Daten' });
    model.setValues(sheet, 0, 0, [[1], [2], [3]]);
    model.setInput(sheet, 5, 0, '=A3*2', 'en');
    model.setInput(sheet, 5, 1, '=SUM(A1:A3)', 'en');
    model.setInput(sheet, 5, 2, '=Daten!A1+1', 'en');
    model.setInput(sheet, 5, 3, '=SUM(A1:A3)', 'en');
    const e = engineOf(model);
    expect(e.getValues({ sheetId: sheet, start: { row: 5, col: 0 }, end: { row: 5, col: 3 } })).toEqual([[6, 6, 1, 6]]);
    model.deleteRows(sheet, 1, 1); // an inner row: the range shrinks
    expect(model.getInput(sheet, 4, 1, 'en')).toBe('=SUM(A1:A2)');
    expect(e.getValue(sheet, 4, 1)).toBe(4);
    // A3, the range's last row: the single reference is gone, the range shrinks to what remains
    // (as in other spreadsheets).
    model.deleteRows(sheet, 1, 1);
    expect(model.getInput(sheet, 3, 0, 'en')).toBe('=#REF!*2');
    expect(model.getInput(sheet, 3, 1, 'en')).toBe('=SUM(A1:A1)');
    expect(e.getValue(sheet, 3, 0)).toBe('#REF!');
    expect(e.getValue(sheet, 3, 1)).toBe(1);
    model.deleteSheet(other);
    expect(model.getInput(sheet, 3, 2, 'de')).toBe('=#BEZUG!+1');
    expect(e.getValue(sheet, 3, 2)).toBe('#REF!');
    // Its last row deleted, the range is gone.
    model.deleteRows(sheet, 0, 1);
    expect(model.getInput(sheet, 2, 1, 'de')).toBe('=SUMME(#BEZUG!)');
    expect(e.getValue(sheet, 2, 1)).toBe('#REF!');
    expect(e.stats.rebuilds).toBe(0);
  });

  it('keeps values in step with row and column inserts, deletes and moves', () => {
    const { model, sheet } = newModel(8, 4);
    const other = model.addSheet({ name: 'Summen', rows: 3, cols: 3 });
    model.setValues(sheet, 0, 0, [[1, 10], [2, 20], [3, 30], [4, 40], [5, 50]]);
    model.setInput(sheet, 5, 0, '=SUM(A1:A5)', 'en');
    model.setInput(sheet, 5, 1, '=SUM(B2:B4)*$A$1', 'en');
    model.setInput(sheet, 6, 0, '=SUM(1:2)', 'en');
    model.setInput(sheet, 6, 1, '=SUM(2:3)', 'en');
    model.setInput(sheet, 7, 0, '=B5-A5', 'en');
    model.setInput(other, 0, 0, '=SUM(Tabelle1!A:A)', 'en');
    model.setInput(other, 0, 1, '=Tabelle1!B3', 'en');
    const e = engineOf(model);
    const check = () => expect(allValues(e, model)).toEqual(freshValues(model));
    check();
    model.insertRows(sheet, 2, 2); // also inside the whole-row ranges 1:2 / 2:3
    check();
    model.moveRows(sheet, 0, 2, 4);
    check();
    model.moveRows(sheet, 6, 1, 1);
    check();
    model.insertCols(sheet, 1, 1);
    check();
    model.moveCols(sheet, 0, 1, 2);
    check();
    model.deleteRows(sheet, 3, 2);
    check();
    model.deleteCols(sheet, 1, 1);
    check();
    model.setValue(sheet, 0, 0, 100);
    check();
    expect(e.stats.rebuilds).toBe(0);
  });

  it('reloads a sheet after a big reorder and after undoing a delete', () => {
    const { model, sheet } = newModel(30, 2);
    model.setValues(sheet, 0, 0, Array.from({ length: 29 }, (_, i) => [i]));
    for (let i = 0; i < 29; i++) model.setInput(sheet, i, 1, `=A${i + 1}*2+SUM($A$1:A${i + 1})`, 'en');
    model.setInput(sheet, 29, 0, '=SUM(B1:B29)', 'en');
    const e = engineOf(model);
    const check = () => expect(allValues(e, model)).toEqual(freshValues(model));
    // Reverse the first 29 rows one move at a time inside one transaction: a sort.
    model.transact(() => {
      for (let i = 0; i < 28; i++) model.moveRows(sheet, 28, 1, i);
    });
    check();
    expect(model.getValue(sheet, 0, 0)).toBe(28);
    model.deleteRows(sheet, 0, 1);
    check();
    expect(e.stats.rebuilds).toBe(0);
  });

  it('follows sheets added and removed by other clients, and formulas that arrive before their sheet', () => {
    const { model, sheet, doc } = newModel(4, 2);
    const a = replicaOf(doc);
    const e = engineOf(model);
    const added = a.model.addSheet({ name: 'Neu', rows: 2, cols: 2 });
    a.model.setInput(added, 0, 0, '41', 'en');
    a.model.setInput(sheet, 0, 0, '=Neu!A1+1', 'en');
    sync(a.doc, doc);
    expect(e.getValue(sheet, 0, 0)).toBe(42);
    a.model.deleteSheet(added);
    sync(a.doc, doc);
    expect(e.getValue(sheet, 0, 0)).toBe('#REF!');
    expect(allValues(e, model)).toEqual(freshValues(model));
  });

  it('reads ISO dates as dates and text as text', () => {
    const { model, sheet } = newModel(3, 3);
    model.setColumnMeta(sheet, 0, { type: 'date' });
    model.setInput(sheet, 0, 0, '31.01.2024', 'de-DE');
    model.setInput(sheet, 0, 1, '=A1+1', 'en');
    model.setInput(sheet, 0, 2, '=YEAR(A1)', 'en');
    model.setInput(sheet, 1, 0, "'123", 'en');
    model.setInput(sheet, 1, 1, '=ISTEXT(A2)', 'de');
    model.setInput(sheet, 2, 2, '12 %', 'de');
    const e = engineOf(model);
    expect(e.getValue(sheet, 0, 0)).toBe(45322);
    expect(e.getValueFormat(sheet, 0, 0)).toBe('date');
    expect(e.getValue(sheet, 0, 1)).toBe(45323);
    expect(e.getValue(sheet, 0, 2)).toBe(2024);
    expect(e.getValue(sheet, 1, 0)).toBe('123');
    expect(e.getValue(sheet, 1, 1)).toBe(true);
    expect(e.getValue(sheet, 2, 2)).toBe(0.12);
    // In the date column the same input is not a date: kept as text, and validation marks it.
    model.setInput(sheet, 2, 0, '12 %', 'de');
    expect(e.getValue(sheet, 2, 0)).toBe('12 %');
  });

  it('feeds a column again when undo brings back the column a cell reference points at', () => {
    const { model, sheet } = newModel(5, 4);
    const undo = createUndoManager(model);
    model.setInput(sheet, 0, 2, '=B4*2', 'en');
    const e = engineOf(model);
    undo.stopCapturing();
    model.deleteCols(sheet, 0, 2);
    expect(e.getValue(sheet, 0, 0)).toBe('#REF!');
    undo.undo();
    model.setValue(sheet, 3, 1, -1);
    expect(e.getValue(sheet, 0, 2)).toBe(-2);
    expect(allValues(e, model)).toEqual(freshValues(model));
  });

  it('gives HyperFormula only the columns formulas read, with the same results', () => {
    const { model, sheet } = newModel(6, 6);
    const undo = createUndoManager(model);
    model.setValues(sheet, 0, 0, [
      [1, 'Text', '2024-01-31', true, 5, 'x'],
      [2, "'007", null, false, 6, 'y'],
      [3, null, null, null, 7, 'z'],
    ]);
    model.setInput(sheet, 4, 0, '=SUM(A1:A3)', 'en');
    const e = engineOf(model);
    const check = () => expect(allValues(e, model)).toEqual(freshValues(model));
    check();
    expect(e.getValuesA1('B1:D2', sheet)).toEqual([
      ['Text', 45322, true],
      ['007', null, false],
    ]);
    expect(e.getValueFormat(sheet, 0, 2)).toBe('date');
    expect(e.getValueFormat(sheet, 0, 1)).toBe('text');
    // A new formula reading an unread column: its values are fed first.
    model.setInput(sheet, 4, 1, '=E1+E3', 'en');
    expect(e.getValue(sheet, 4, 1)).toBe(12);
    // A formula in an unread column replaced by a value leaves nothing behind.
    model.setInput(sheet, 5, 5, '=A1*100', 'en');
    model.setInput(sheet, 5, 5, '', 'en');
    model.setInput(sheet, 5, 4, '=SUM(F1:F6)', 'en');
    check();
    // A column brought back inside a read range by undo is fed with its cells.
    model.setInput(sheet, 4, 2, '=COUNTA(A1:D3)', 'en');
    model.deleteCols(sheet, 1, 1);
    check();
    undo.undo();
    check();
    expect(e.getValue(sheet, 4, 2)).toBe(8);
    // OFFSET can reach any cell: from then on everything is fed.
    model.setInput(sheet, 5, 0, '=OFFSET(A1,1,5)', 'en');
    expect(e.getValue(sheet, 5, 0)).toBe('y');
    check();
    expect(e.stats.rebuilds).toBe(0);
  });

  it('announces changed values after each model change', () => {
    const { model, sheet } = newModel(3, 2);
    model.setInput(sheet, 1, 0, '=A1*2', 'en');
    const e = engineOf(model);
    const seen: EngineChange[] = [];
    e.onChange((c) => seen.push(c));
    model.setInput(sheet, 0, 0, '21', 'en');
    expect(seen).toHaveLength(1);
    expect(seen[0].values).toEqual(expect.arrayContaining([{ sheetId: sheet, row: 1, col: 0, value: 42 }]));
  });
});
