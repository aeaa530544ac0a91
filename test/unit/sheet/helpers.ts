import * as Y from 'yjs';
import { SheetModel } from '../../../lib/sheet/SheetModel';

/** A fresh document with one sheet ("Tabelle1") of the given size. */
export function newModel(rows = 10, cols = 6, origin: unknown = { user: 'local' }): { model: SheetModel; sheet: string; doc: Y.Doc } {
  const doc = new Y.Doc();
  const model = new SheetModel(doc, { origin });
  model.initialize({ title: 'Test', rows, cols });
  return { model, sheet: model.sheetIds()[0], doc };
}

/** A second replica of `doc` (a separate Y.Doc, as another client would have). */
export function replicaOf(doc: Y.Doc, origin: unknown = { user: 'remote' }): { model: SheetModel; doc: Y.Doc } {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return { model: new SheetModel(copy, { origin }), doc: copy };
}

/** Exchanges all missing updates between two docs, both ways. */
export function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'sync');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'sync');
}
