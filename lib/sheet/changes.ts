/**
 * What one Yjs transaction changed in a spreadsheet, in model terms. The grid binding and the
 * formula engine subscribe to these (SheetModel.onChange) instead of raw Yjs events.
 */
export interface SheetDelta {
  /** The sheet map itself was replaced or lost a part: reload the whole sheet. */
  reset: boolean;
  /** The row or column id arrays changed (insert, delete, move). */
  rows: boolean;
  cols: boolean;
  /** Changed keys (`rowId:colId` for cells, comments and merges; ids for meta; style ids). */
  cells: Set<string>;
  colMeta: Set<string>;
  rowMeta: Set<string>;
  comments: Set<string>;
  styles: Set<string>;
  merges: Set<string>;
  /** Other sheet properties that changed (`frozen`). */
  props: Set<string>;
}

export interface SheetChange {
  /** The transaction origin (the local model's origin for local edits, the provider for remote). */
  origin: unknown;
  local: boolean;
  /** Document title or schema facts. */
  meta: boolean;
  /** Sheets added, removed, reordered or renamed. */
  sheetList: boolean;
  added: string[];
  removed: string[];
  /** Deltas of sheets that existed before and after the transaction. */
  sheets: Map<string, SheetDelta>;
}

export function emptyDelta(): SheetDelta {
  return {
    reset: false,
    rows: false,
    cols: false,
    cells: new Set(),
    colMeta: new Set(),
    rowMeta: new Set(),
    comments: new Set(),
    styles: new Set(),
    merges: new Set(),
    props: new Set(),
  };
}
