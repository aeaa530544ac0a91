import { describe, expect, it } from 'vitest';
import type { SheetChange } from '../../../lib/sheet/changes';
import { newModel, replicaOf, sync } from './helpers';
import { SHEET_SCHEMA_VERSION } from '../../../lib/sheet/sheetDoc';
import { formatCellValue } from '../../../lib/sheet/display';

describe('sheet model', () => {
  it('initialises once with title, schema version and one sheet', () => {
    const { model, doc } = newModel(3, 2);
    expect(doc.getMap('meta').toJSON()).toEqual({ title: 'Test', schemaVersion: SHEET_SCHEMA_VERSION });
    model.initialize({ title: 'Again' });
    expect(model.sheetList()).toHaveLength(1);
    expect(model.title).toBe('Test');
    const sheet = model.sheetIds()[0];
    expect([model.rowCount(sheet), model.colCount(sheet)]).toEqual([3, 2]);
    expect(model.rowIds(sheet)[0]).toMatch(/^[A-Za-z0-9_-]{10}$/);
  });

  it('adds, renames, reorders and deletes sheets', () => {
    const { model, sheet } = newModel();
    const b = model.addSheet({ name: 'Budget' });
    const c = model.addSheet();
    expect(model.sheetList().map((s) => s.name)).toEqual(['Tabelle1', 'Budget', 'Tabelle3']);
    model.renameSheet(c, 'Plan');
    model.moveSheet(c, 0);
    expect(model.sheetIds()).toEqual([c, sheet, b]);
    model.moveSheet(c, 2);
    expect(model.sheetIds()).toEqual([sheet, b, c]);
    expect(model.sheetIdByName('budget')).toBe(b);
    expect(() => model.renameSheet(b, 'plan')).toThrow(/already exists/);
    expect(() => model.renameSheet(b, 'a/b')).toThrow();
    expect(() => model.addSheet({ name: 'x'.repeat(32) })).toThrow();
    model.deleteSheet(b);
    expect(model.sheetIds()).toEqual([sheet, c]);
    model.deleteSheet(c);
    expect(() => model.deleteSheet(sheet)).toThrow(/last sheet/);
    const d = model.addSheet({ name: 'Vorn', index: 0 });
    expect(model.sheetIds()).toEqual([d, sheet]);
  });

  it('inserts, deletes and moves rows and columns as id array operations', () => {
    const { model, sheet } = newModel(5, 3);
    model.setValues(sheet, 0, 0, [[1], [2], [3], [4], [5]]);
    const col = (c = 0) => model.getSheetValues(sheet).map((r) => r[c]);
    const inserted = model.insertRows(sheet, 2, 2);
    expect(inserted).toHaveLength(2);
    expect(col()).toEqual([1, 2, null, null, 3, 4, 5]);
    model.deleteRows(sheet, 0, 1);
    expect(col()).toEqual([2, null, null, 3, 4, 5]);
    model.moveRows(sheet, 3, 2, 0);
    expect(col()).toEqual([3, 4, 2, null, null, 5]);
    model.moveRows(sheet, 0, 1, 5);
    expect(col()).toEqual([4, 2, null, null, 5, 3]);
    model.insertCols(sheet, 0, 1);
    expect(col(1)).toEqual([4, 2, null, null, 5, 3]);
    model.moveCols(sheet, 1, 1, 3);
    expect(col(3)).toEqual([4, 2, null, null, 5, 3]);
    model.deleteCols(sheet, 3, 1);
    expect(model.getSheetValues(sheet).flat().every((v) => v === null)).toBe(true);
    expect(model.colCount(sheet)).toBe(3);
    expect(() => model.deleteRows(sheet, 0, 6)).toThrow(/at least one row/);
    expect(() => model.moveRows(sheet, 0, 2, 5)).toThrow();
    expect(() => model.insertRows(sheet, 7)).toThrow();
  });

  it('deletes the cells, meta and comments of deleted rows in the same transaction', () => {
    const { model, sheet, doc } = newModel(4, 2);
    model.setInput(sheet, 1, 0, 'weg', 'de');
    model.setRowMeta(sheet, 1, { owner: 'amt-32' });
    model.setComment(sheet, 1, 1, { text: 'prüfen', author: 'u1', at: 1 });
    model.mergeCells(sheet, { start: { row: 0, col: 0 }, end: { row: 1, col: 1 } });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    model.deleteRows(sheet, 1, 1);
    expect(transactions).toBe(1);
    const parts = model.parts(sheet)!;
    expect([parts.cells.size, parts.rowMeta.size, parts.comments.size, parts.merges.size]).toEqual([0, 0, 0, 0]);
  });

  it('keeps a number typed as a percentage showing as one', () => {
    const { model, sheet } = newModel(4, 3);
    const shown = (row: number, col: number) =>
      formatCellValue(model.getValue(sheet, row, col), 'de', model.getStyle(sheet, row, col)).replace(/[\u00a0\u202f]/g, ' ');
    expect(model.setInput(sheet, 0, 0, '12 %', 'de')).toBe(0.12);
    expect(model.getStyle(sheet, 0, 0)).toEqual({ numberFormat: '0%' });
    expect(shown(0, 0)).toBe('12 %');
    // Decimals in the locale's notation ask for two places; a group separator does not.
    model.setInput(sheet, 1, 0, '12,5%', 'de');
    expect(model.getStyle(sheet, 1, 0)).toEqual({ numberFormat: '0.00%' });
    expect(shown(1, 0)).toBe('12,50 %');
    model.setInput(sheet, 2, 0, '1.250 %', 'de');
    expect(model.getStyle(sheet, 2, 0)).toEqual({ numberFormat: '0%' });
    model.setInput(sheet, 3, 0, '7.5%', 'en');
    expect(model.getStyle(sheet, 3, 0)).toEqual({ numberFormat: '0.00%' });
    // A cell's own style is kept and extended; its own number format, or a named style, wins.
    model.setStyle(sheet, 0, 1, { bold: true });
    model.setInput(sheet, 0, 1, '5 %', 'de');
    expect(model.getStyle(sheet, 0, 1)).toEqual({ bold: true, numberFormat: '0%' });
    model.setStyle(sheet, 1, 1, { numberFormat: '#,##0.00 €' });
    model.setInput(sheet, 1, 1, '5 %', 'de');
    expect(model.getStyle(sheet, 1, 1)).toEqual({ numberFormat: '#,##0.00 €' });
    const named = model.defineStyle(sheet, { italic: true });
    model.setStyle(sheet, 2, 1, named);
    model.setInput(sheet, 2, 1, '5 %', 'de');
    expect(model.getCell(sheet, 2, 1)).toEqual({ v: 0.05, s: named });
    // Plain numbers, text and formulas take no format.
    model.setInput(sheet, 3, 1, '12', 'de');
    model.setInput(sheet, 3, 2, '=5%', 'de');
    model.setInput(sheet, 2, 2, "'12 %", 'de');
    expect([model.getStyle(sheet, 3, 1), model.getStyle(sheet, 3, 2), model.getStyle(sheet, 2, 2)]).toEqual([undefined, undefined, undefined]);
  });

  it('stores cell values, styles, column meta, frozen panes, comments and merges', () => {
    const { model, sheet } = newModel(4, 3);
    expect(model.setInput(sheet, 0, 0, '1.234,5', 'de-DE')).toBe(1234.5);
    model.setStyle(sheet, 0, 0, { bold: true, background: '#ffee00' });
    model.setValue(sheet, 0, 0, 7);
    expect(model.getCell(sheet, 0, 0)).toEqual({ v: 7, s: { bold: true, background: '#ffee00' } });
    const style = model.defineStyle(sheet, { italic: true, numberFormat: '0.00' });
    model.setStyle(sheet, 1, 1, style);
    expect(model.getStyle(sheet, 1, 1)).toEqual({ italic: true, numberFormat: '0.00' });
    expect(model.getCell(sheet, 1, 1)).toEqual({ v: '', s: style });
    expect(() => model.setStyle(sheet, 1, 1, { color: 'red' })).toThrow();
    model.setColumnMeta(sheet, 2, { width: 120, type: 'select', options: ['hoch', 'niedrig'] });
    expect(model.getColumnMeta(sheet, 2)).toEqual({ width: 120, type: 'select', options: ['hoch', 'niedrig'] });
    expect(() => model.setColumnMeta(sheet, 2, { width: 5 })).toThrow();
    model.setFrozen(sheet, { rows: 1, cols: 2 });
    expect(model.getFrozen(sheet)).toEqual({ rows: 1, cols: 2 });
    model.setComment(sheet, 2, 1, { text: 'Quelle?', author: 'u1', at: 5 });
    expect(model.getComments(sheet)).toEqual([{ row: 2, col: 1, comment: { text: 'Quelle?', author: 'u1', at: 5 } }]);
    model.mergeCells(sheet, { start: { row: 2, col: 0 }, end: { row: 3, col: 1 } });
    model.insertRows(sheet, 3, 1);
    expect(model.getMerges(sheet)).toEqual([{ row: 2, col: 0, rowspan: 3, colspan: 2 }]);
    model.unmergeCells(sheet, 2, 0);
    expect(model.getMerges(sheet)).toEqual([]);
    model.setValues(sheet, 1, 0, [
      ['a', 'b'],
      [null, 3],
    ]);
    expect(model.getSheetValues(sheet).slice(1, 3)).toEqual([
      ['a', 'b', null],
      [null, 3, null],
    ]);
    expect(() => model.setValues(sheet, 4, 2, [[1, 2]])).toThrow(/do not fit/);
    expect(model.getInput(sheet, 0, 0, 'de')).toBe('7');
  });

  it('resolves A1 addresses and ranges for the API', () => {
    const { model, sheet } = newModel(5, 5);
    const other = model.addSheet({ name: 'Mein Blatt' });
    expect(model.resolveRange('B2:A1', sheet)).toEqual({ sheetId: sheet, start: { row: 0, col: 0 }, end: { row: 1, col: 1 } });
    expect(model.resolveRange("'Mein Blatt'!C4").sheetId).toBe(other);
    expect(() => model.resolveRange('F1', sheet)).toThrow(/Outside/);
    expect(() => model.resolveRange('Nope!A1')).toThrow(/not found/);
    expect(() => model.resolveRange('A1:B2:C3')).toThrow();
  });

  it('reports changes per transaction, local and remote', () => {
    const { model, sheet, doc } = newModel(3, 3);
    const remote = replicaOf(doc);
    const seen: SheetChange[] = [];
    model.onChange((c) => seen.push(c));
    model.setInput(sheet, 0, 0, 'x', 'en');
    expect(seen[0].local).toBe(true);
    expect(seen[0].origin).toBe(model.origin);
    expect([...seen[0].sheets.get(sheet)!.cells]).toEqual([`${model.rowIds(sheet)[0]}:${model.colIds(sheet)[0]}`]);
    const added = remote.model.addSheet({ name: 'Neu' });
    remote.model.insertRows(sheet, 0, 1);
    remote.model.setColumnMeta(sheet, 1, { type: 'number' });
    sync(remote.doc, doc);
    const last = seen[seen.length - 1];
    expect(last.local).toBe(false);
    expect(last.added).toEqual([added]);
    expect(last.sheetList).toBe(true);
    expect(last.sheets.get(sheet)!.rows).toBe(true);
    expect([...last.sheets.get(sheet)!.colMeta]).toEqual([model.colIds(sheet)[1]]);
    expect(model.rowCount(sheet)).toBe(4);
    remote.model.renameSheet(added, 'Umbenannt');
    sync(remote.doc, doc);
    expect(seen[seen.length - 1].sheetList).toBe(true);
    expect(model.sheetName(added)).toBe('Umbenannt');
  });

  it('gives every replica the same positions while a concurrent move left a duplicate id', () => {
    const { model, sheet, doc } = newModel(4, 1);
    model.setValues(sheet, 0, 0, [[1], [2], [3], [4]]);
    const other = replicaOf(doc);
    model.moveRows(sheet, 0, 1, 3);
    other.model.moveRows(sheet, 0, 1, 1);
    sync(doc, other.doc);
    expect(model.parts(sheet)!.rows.length).toBe(5);
    expect(model.rowCount(sheet)).toBe(4);
    expect(model.getSheetValues(sheet)).toEqual(other.model.getSheetValues(sheet));
    expect(JSON.stringify(model.toJSON())).toBe(JSON.stringify(other.model.toJSON()));
  });
});
