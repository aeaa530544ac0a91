import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '../../../lib/sheet/cellChunks';
import { SheetEngine } from '../../../lib/sheet/SheetEngine';
import { SheetModel } from '../../../lib/sheet/SheetModel';
import { createUndoManager } from '../../../lib/sheet/undo';
import type { Cell } from '../../../lib/sheet/types';
import { newModel, replicaOf, sync } from './helpers';

/** Cells of a whole block, row-major, as an import hands them over. */
function block(rows: number, cols: number, cell: (row: number, col: number) => Cell | null): Array<{ row: number; col: number; cell: Cell }> {
  const out: Array<{ row: number; col: number; cell: Cell }> = [];
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const c = cell(row, col);
      if (c) out.push({ row, col, cell: c });
    }
  }
  return out;
}

const stored = (model: SheetModel, sheet: string) => {
  const parts = model.parts(sheet)!;
  return { entries: parts.cells.size, chunks: parts.base?.size ?? 0 };
};

describe('packed cells (fillEmptySheet)', () => {
  it('stores an imported block as chunks of rows and reads it like cells', () => {
    const rows = CHUNK_ROWS + 5;
    const { model, sheet } = newModel(rows, 3);
    model.fillEmptySheet(sheet, block(rows, 3, (r, c) => (c === 2 ? (r % 2 ? null : { v: `t${r}`, s: { bold: true } }) : { v: r * 10 + c })));
    expect(stored(model, sheet)).toEqual({ entries: 0, chunks: 2 });
    expect(model.getValue(sheet, 0, 1)).toBe(1);
    expect(model.getValue(sheet, rows - 1, 0)).toBe((rows - 1) * 10);
    expect(model.getValue(sheet, 1, 2)).toBeNull();
    expect(model.getCell(sheet, 2, 2)).toEqual({ v: 't2', s: { bold: true } });
    expect(model.getStyle(sheet, 2, 2)).toEqual({ bold: true });
    const seen: unknown[] = [];
    model.forEachCell(sheet, (row, col, cell) => row < 2 && seen.push([row, col, cell.v]));
    expect(seen.sort()).toEqual([[0, 0, 0], [0, 1, 1], [0, 2, 't0'], [1, 0, 10], [1, 1, 11]].sort());
    let values = 0;
    model.forEachValue(sheet, () => values++);
    expect(values).toBe(rows * 2 + Math.ceil(rows / 2));
  });

  it('lets every later edit win over the packed value: overwrite, clear, style', () => {
    const { model, sheet } = newModel(3, 2);
    model.fillEmptySheet(sheet, block(3, 2, (r, c) => ({ v: `${r}${c}`, ...(r === 2 ? { s: { italic: true } } : {}) })));
    model.setValue(sheet, 0, 0, 'neu');
    model.setValue(sheet, 0, 1, null);
    model.setCell(sheet, 1, 0, null);
    model.setStyle(sheet, 1, 1, { bold: true });
    model.setStyle(sheet, 2, 0, null);
    model.setValue(sheet, 2, 1, '');
    expect(model.getSheetValues(sheet)).toEqual([
      ['neu', null],
      [null, '11'],
      ['20', ''],
    ]);
    expect(model.getCell(sheet, 0, 1)).toBeUndefined();
    expect(model.getStyle(sheet, 1, 1)).toEqual({ bold: true });
    expect(model.getStyle(sheet, 2, 0)).toBeUndefined();
    expect(model.getStyle(sheet, 2, 1)).toEqual({ italic: true });
    const cells: unknown[] = [];
    model.forEachCell(sheet, (row, col, cell) => cells.push([row, col, cell.v]));
    expect(cells).toHaveLength(4);
    expect(cells).not.toContainEqual([0, 1, '']);
  });

  it("merges two users' concurrent edits in one packed row cell by cell", () => {
    const { model, sheet, doc } = newModel(2, 3, { user: 'anna' });
    model.fillEmptySheet(sheet, block(2, 3, (r, c) => ({ v: `${r}${c}` })));
    const bob = replicaOf(doc, { user: 'bob' });
    model.setValue(sheet, 0, 0, 'anna');
    bob.model.setValue(sheet, 0, 2, 'bob');
    model.setValue(sheet, 1, 1, 'anna');
    bob.model.setValue(sheet, 1, 1, null);
    sync(doc, bob.doc);
    expect(model.getSheetValues(sheet)[0]).toEqual(['anna', '01', 'bob']);
    expect(bob.model.getSheetValues(sheet)).toEqual(model.getSheetValues(sheet));
    expect(bob.model.toJSON()).toEqual(model.toJSON());
  });

  it('tells a replica about packed cells it receives, and its engine evaluates them', () => {
    const { model, sheet, doc } = newModel(4, 2);
    const other = replicaOf(doc);
    const engine = new SheetEngine(other.model);
    expect(engine.getValue(sheet, 3, 1)).toBeNull();
    const resets: boolean[] = [];
    other.model.onChange((c) => resets.push(c.sheets.get(sheet)?.reset ?? false));
    model.fillEmptySheet(sheet, block(3, 1, (r) => ({ v: r + 1 })));
    model.setInput(sheet, 3, 1, '=SUM(A1:A3)', 'en');
    sync(doc, other.doc);
    expect(resets).toEqual([true]);
    expect(engine.getValue(sheet, 3, 1)).toBe(6);
    other.model.setValue(sheet, 0, 0, 10);
    expect(engine.getValue(sheet, 3, 1)).toBe(15);
    engine.destroy();
  });

  it('keeps packed cells with their rows: moved by inserts, back after undoing a delete', () => {
    const { model, sheet } = newModel(3, 1, { user: 'anna' });
    model.fillEmptySheet(sheet, block(3, 1, (r) => ({ v: `r${r}` })));
    const undo = createUndoManager(model);
    model.insertRows(sheet, 0, 1);
    expect(model.getSheetValues(sheet).map((r) => r[0])).toEqual([null, 'r0', 'r1', 'r2']);
    model.deleteRows(sheet, 2, 1);
    expect(model.getSheetValues(sheet).map((r) => r[0])).toEqual([null, 'r0', 'r2']);
    undo.undo();
    expect(model.getSheetValues(sheet).map((r) => r[0])).toEqual([null, 'r0', 'r1', 'r2']);
  });

  it('refuses a sheet that has cells, and writes one entry per cell into a sheet made before packing', () => {
    const { model, sheet } = newModel(2, 2);
    model.setValue(sheet, 0, 0, 'x');
    expect(() => model.fillEmptySheet(sheet, block(1, 1, () => ({ v: 1 })))).toThrow(/not empty/);

    const doc = new Y.Doc();
    const old = new SheetModel(doc);
    old.initialize({ title: 'Alt', rows: 2, cols: 2 });
    const oldSheet = old.sheetIds()[0];
    // A sheet of the first schema has no `base` map.
    doc.transact(() => old.parts(oldSheet)!.map.delete('base'));
    expect(old.parts(oldSheet)!.base).toBeUndefined();
    old.fillEmptySheet(oldSheet, block(2, 2, (r, c) => ({ v: r + c })));
    expect(stored(old, oldSheet)).toEqual({ entries: 4, chunks: 0 });
    expect(old.getSheetValues(oldSheet)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('reads a malformed chunk as no cells', () => {
    const { model, sheet, doc } = newModel(2, 2);
    doc.transact(() => {
      model.parts(sheet)!.base!.set('bad', new TextEncoder().encode('{"cols": 3'));
      model.parts(sheet)!.base!.set('odd', new TextEncoder().encode('{"cols":["x"],"rows":[[1,2],"y"]}'));
    });
    expect(model.getSheetValues(sheet)).toEqual([
      [null, null],
      [null, null],
    ]);
    model.setValue(sheet, 1, 1, 'ok');
    expect(model.getValue(sheet, 1, 1)).toBe('ok');
  });
});
