import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanupOrphans } from '../../../lib/sheet/cleanup';
import { SheetModel } from '../../../lib/sheet/SheetModel';
import { newModel, replicaOf, sync } from './helpers';

describe('orphan cleanup', () => {
  it('removes a cell typed into a row that was deleted at the same time', () => {
    const { model, sheet, doc } = newModel(4, 2);
    const other = replicaOf(doc);
    model.deleteRows(sheet, 1, 1);
    other.model.setInput(sheet, 1, 0, 'verloren', 'de');
    other.model.setComment(sheet, 1, 1, { text: 'auch', author: 'u2', at: 1 });
    sync(doc, other.doc);
    // Invisible everywhere before cleanup, but still stored.
    expect(model.getSheetValues(sheet).flat().filter((v) => v !== null)).toEqual([]);
    expect(model.parts(sheet)!.cells.size).toBe(1);
    const report = cleanupOrphans(model);
    expect(report.orphans).toBe(2);
    expect(model.parts(sheet)!.cells.size).toBe(0);
    sync(doc, other.doc);
    expect(other.model.parts(sheet)!.comments.size).toBe(0);
    expect(JSON.stringify(model.toJSON())).toBe(JSON.stringify(other.model.toJSON()));
  });

  it('keeps the first copy of an id duplicated by concurrent moves, and the view unchanged', () => {
    const { model, sheet, doc } = newModel(4, 1);
    model.setValues(sheet, 0, 0, [[1], [2], [3], [4]]);
    const other = replicaOf(doc);
    model.moveRows(sheet, 0, 1, 3);
    other.model.moveRows(sheet, 0, 1, 2);
    sync(doc, other.doc);
    const before = model.getSheetValues(sheet);
    expect(model.parts(sheet)!.rows.length).toBe(5);
    expect(cleanupOrphans(model).duplicateIds).toBe(1);
    expect(model.parts(sheet)!.rows.length).toBe(4);
    expect(model.getSheetValues(sheet)).toEqual(before);
  });

  it('fixes the tab order and duplicate names from concurrent sheet edits', () => {
    const { model, sheet, doc } = newModel(2, 2);
    const other = replicaOf(doc);
    const a = model.addSheet({ name: 'Budget' });
    const b = other.model.addSheet({ name: 'budget' });
    model.moveSheet(sheet, 1);
    other.model.moveSheet(sheet, 1);
    sync(doc, other.doc);
    expect(model.sheetList().map((s) => s.name.toLowerCase())).toEqual(other.model.sheetList().map((s) => s.name.toLowerCase()));
    const report = cleanupOrphans(model);
    expect(report.renamed).toBe(1);
    expect(report.order).toBe(1);
    // The later tab of the two is numbered; which one is later is the same on every replica.
    const [first, second] = model.sheetList().filter((s) => s.id === a || s.id === b);
    expect(second.name).toBe(`${first.name === 'Budget' ? 'budget' : 'Budget'} (2)`);
    expect(model.yTypes().order.length).toBe(3);
    sync(doc, other.doc);
    expect(other.model.sheetList()).toEqual(model.sheetList());
  });

  it('is idempotent, and concurrent runs on different states converge', () => {
    const { model, sheet, doc } = newModel(5, 3);
    const b = replicaOf(doc);
    const c = replicaOf(doc);
    model.deleteRows(sheet, 0, 2);
    b.model.setInput(sheet, 0, 0, 'x', 'en');
    c.model.setInput(sheet, 1, 1, 'y', 'en');
    sync(doc, b.doc);
    cleanupOrphans(b.model);
    sync(doc, c.doc);
    cleanupOrphans(model);
    cleanupOrphans(c.model);
    for (const [x, y] of [[doc, b.doc], [doc, c.doc], [b.doc, c.doc]] as const) sync(x, y);
    const stored = (m: SheetModel) => m.parts(sheet)!.cells.size;
    expect([stored(model), stored(b.model), stored(c.model)]).toEqual([0, 0, 0]);
    let writes = 0;
    doc.on('update', () => writes++);
    cleanupOrphans(model);
    expect(writes).toBe(0);
    expect(JSON.stringify(model.toJSON())).toBe(JSON.stringify(c.model.toJSON()));
  });

  it('ignores what it cannot read instead of failing', () => {
    const doc = new Y.Doc();
    doc.getMap('sheets').set('broken', 'not a sheet');
    doc.getArray('sheetOrder').push(['broken', 'missing']);
    const model = new SheetModel(doc);
    expect(model.sheetIds()).toEqual([]);
    expect(cleanupOrphans(model).order).toBe(2);
  });
});
