import * as Y from 'yjs';
import type { SheetModel } from './SheetModel';

/**
 * Per-user undo: tracks only transactions with this model's origin, so undo never reverts
 * another user's edit (Yjs also refuses to overwrite a map entry someone else changed since).
 * Scope is the sheets map and the tab order (adding a sheet touches both); the title is not in
 * scope. Every model write is one transaction, and with `captureTimeout` 0 every user action is
 * its own undo step. The grid's own undo must be off.
 */
export function createUndoManager(model: SheetModel, opts: { captureTimeout?: number } = {}): Y.UndoManager {
  const { sheets, order } = model.yTypes();
  return new Y.UndoManager([sheets, order], {
    trackedOrigins: new Set([model.origin]),
    captureTimeout: opts.captureTimeout ?? 0,
  });
}
