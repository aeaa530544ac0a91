import type { SheetModel } from './SheetModel';
import { readCell, readRecord, readStrings, sheetParts, splitCellKey, type SheetParts } from './sheetDoc';
import { buildGeometry } from './geometry';
import type { MergeRecord } from './types';

/** Origin of cleanup transactions: no user's undo manager tracks them. */
export const CLEANUP_ORIGIN = { kind: 'sheet-cleanup' } as const;

export interface CleanupReport {
  /** Entries removed from or added to `sheetOrder` (duplicates, deleted sheets, missing sheets). */
  order: number;
  /** Sheets renamed because another sheet had the same name. */
  renamed: number;
  /** Duplicate row/column ids removed (left by concurrent moves of the same row/column). */
  duplicateIds: number;
  /** Cells, comments, merges and row/column meta whose row or column no longer exists. */
  orphans: number;
}

/**
 * Removes what concurrent edits can leave behind, so the stored state matches what every
 * replica already shows (all reads ignore these leftovers):
 * - a cell typed into a row or column that another user deleted at the same time;
 * - a second copy of a row/column id after two users moved it at once (the first copy stays);
 * - `sheetOrder` entries of deleted sheets and duplicates; sheets missing from the order;
 * - two sheets with the same name (added or renamed at once): later tabs get ` (2)`, ` (3)` …
 *
 * When it runs: any client may run it at any time, for example a grid a few seconds after
 * remote changes arrived, or the server before an export. The result depends only on the
 * document state, so every client computes the same deletions from the same state, and runs on
 * different states converge: every deletion targets a leftover that no state brings back, and
 * the first occurrence of an id (in Yjs' replicated order) is never deleted. A later run that
 * finds nothing writes nothing. It uses its own origin, so it is never undone by a user.
 */
export function cleanupOrphans(model: SheetModel, origin: unknown = CLEANUP_ORIGIN): CleanupReport {
  const report: CleanupReport = { order: 0, renamed: 0, duplicateIds: 0, orphans: 0 };
  const { order, sheets } = model.yTypes();
  model.transact(() => {
    // Sheet order: first occurrence of every existing sheet, then sheets missing from it.
    const raw = order.toArray();
    const seen = new Set<string>();
    const doomed: number[] = [];
    raw.forEach((id, i) => {
      if (typeof id !== 'string' || seen.has(id) || !sheetParts(sheets.get(id))) doomed.push(i);
      else seen.add(id);
    });
    for (let k = doomed.length - 1; k >= 0; k--) order.delete(doomed[k], 1);
    const missing = [...sheets.keys()].filter((id) => !seen.has(id) && sheetParts(sheets.get(id))).sort();
    if (missing.length) order.push(missing);
    report.order += doomed.length + missing.length;

    // Names: the first tab keeps a name, later ones are numbered. (Read the fixed order here:
    // the model's caches refresh only when this transaction ends.)
    const ids = readStrings(order);
    const names = new Set<string>();
    for (const id of ids) {
      const nameValue = sheetParts(sheets.get(id))!.map.get('name');
      const name = typeof nameValue === 'string' ? nameValue : id;
      let unique = name;
      for (let n = 2; names.has(unique.toLowerCase()); n++) unique = `${name.slice(0, 31 - ` (${n})`.length)} (${n})`;
      names.add(unique.toLowerCase());
      if (unique !== name) {
        sheetParts(sheets.get(id))!.map.set('name', unique);
        report.renamed++;
      }
    }

    for (const id of ids) {
      const parts = sheetParts(sheets.get(id));
      if (parts) cleanSheet(parts, report);
    }
  }, origin);
  return report;
}

function dedupeArray(arr: SheetParts['rows']): number {
  const seen = new Set<string>();
  const doomed: number[] = [];
  arr.toArray().forEach((id, i) => {
    if (typeof id !== 'string' || seen.has(id)) doomed.push(i);
    else seen.add(id);
  });
  for (let k = doomed.length - 1; k >= 0; k--) arr.delete(doomed[k], 1);
  return doomed.length;
}

function cleanSheet(parts: SheetParts, report: CleanupReport): void {
  report.duplicateIds += dedupeArray(parts.rows) + dedupeArray(parts.cols);
  const g = buildGeometry(readStrings(parts.rows), readStrings(parts.cols));
  const live = (key: string) => {
    const ids = splitCellKey(key);
    return !!ids && g.rowIndex.has(ids[0]) && g.colIndex.has(ids[1]);
  };
  const remove = (map: SheetParts['cells'], keep: (key: string, value: unknown) => boolean) => {
    const doomed: string[] = [];
    map.forEach((value, key) => {
      if (!keep(key, value)) doomed.push(key);
    });
    for (const key of doomed) map.delete(key);
    report.orphans += doomed.length;
  };
  remove(parts.cells, (key, value) => live(key) && readCell(value) !== undefined);
  remove(parts.comments, (key) => live(key));
  remove(parts.rowMeta, (key) => g.rowIndex.has(key));
  remove(parts.colMeta, (key) => g.colIndex.has(key));
  remove(parts.merges, (key, value) => {
    const rec = readRecord<MergeRecord>(value);
    return live(key) && !!rec && g.rowIndex.has(rec.r2) && g.colIndex.has(rec.c2);
  });
}
