import { describe, expect, it } from 'vitest';
import { createUndoManager } from '../../../lib/sheet/undo';
import { newModel, replicaOf, sync } from './helpers';

describe('per-user undo', () => {
  it("undoes only the local user's edits, one action per step", () => {
    const { model, sheet, doc } = newModel(4, 2, { user: 'anna' });
    const bob = replicaOf(doc, { user: 'bob' });
    const undo = createUndoManager(model);
    model.setInput(sheet, 0, 0, '1', 'en');
    model.setInput(sheet, 1, 0, '2', 'en');
    bob.model.setInput(sheet, 2, 0, 'bob', 'en');
    sync(doc, bob.doc);
    undo.undo();
    expect(model.getSheetValues(sheet).map((r) => r[0])).toEqual([1, null, 'bob', null]);
    undo.undo();
    expect(model.getSheetValues(sheet).map((r) => r[0])).toEqual([null, null, 'bob', null]);
    expect(undo.canUndo()).toBe(false);
    undo.redo();
    expect(model.getValue(sheet, 0, 0)).toBe(1);
  });

  it("never reverts another user's later edit of the same cell", () => {
    const { model, sheet, doc } = newModel(3, 2, { user: 'anna' });
    const bob = replicaOf(doc, { user: 'bob' });
    const undo = createUndoManager(model);
    model.setInput(sheet, 0, 0, 'anna', 'en');
    sync(doc, bob.doc);
    bob.model.setInput(sheet, 0, 0, 'bob', 'en');
    sync(doc, bob.doc);
    undo.undo();
    sync(doc, bob.doc);
    expect(model.getValue(sheet, 0, 0)).toBe('bob');
    expect(bob.model.getValue(sheet, 0, 0)).toBe('bob');
  });

  it("brings back a deleted row with its cells, without touching others' edits", () => {
    const { model, sheet, doc } = newModel(4, 2, { user: 'anna' });
    model.setValues(sheet, 0, 0, [['a'], ['b'], ['c'], ['d']]);
    const bob = replicaOf(doc, { user: 'bob' });
    const undo = createUndoManager(model);
    const bobUndo = createUndoManager(bob.model);
    model.deleteRows(sheet, 1, 2);
    bob.model.setInput(sheet, 3, 1, 'bob', 'en');
    sync(doc, bob.doc);
    expect(model.getSheetValues(sheet).map((r) => r[0])).toEqual(['a', 'd']);
    undo.undo();
    sync(doc, bob.doc);
    expect(bob.model.getSheetValues(sheet)).toEqual([
      ['a', null],
      ['b', null],
      ['c', null],
      ['d', 'bob'],
    ]);
    // Bob's undo removes his own value and nothing of Anna's.
    bobUndo.undo();
    sync(doc, bob.doc);
    expect(model.getSheetValues(sheet).map((r) => r[0])).toEqual(['a', 'b', 'c', 'd']);
    expect(model.getValue(sheet, 3, 1)).toBeNull();
  });

  it('undoes structural edits and sheet changes as single steps', () => {
    const { model, sheet } = newModel(3, 2);
    const undo = createUndoManager(model);
    const added = model.addSheet({ name: 'Neu' });
    model.insertRows(sheet, 0, 2);
    model.moveRows(sheet, 0, 1, 3);
    model.renameSheet(added, 'Anders');
    undo.undo();
    expect(model.sheetName(added)).toBe('Neu');
    undo.undo();
    undo.undo();
    expect(model.rowCount(sheet)).toBe(3);
    undo.undo();
    expect(model.sheetIds()).toEqual([sheet]);
    expect(model.yTypes().order.length).toBe(1);
  });
});
