import * as Y from 'yjs';
import type { Cell, CellComment, ColumnMeta, Frozen, MergeRecord, RawValue, RowMeta } from './types';

/**
 * The Yjs layout of a spreadsheet document (DESIGN §4). No positions are stored anywhere: rows
 * and columns are id arrays, cells are keyed by `rowId:colId`.
 *
 *   Map('meta')          title, schemaVersion
 *   Array('sheetOrder')  sheet ids, in tab order
 *   Map('sheets')        sheetId → Map { name, rows, cols, cells, colMeta, rowMeta, comments,
 *                                        styles, merges, frozen }
 */
export const SHEET_SCHEMA_VERSION = 1;
export const META_MAP = 'meta';
export const SHEET_ORDER = 'sheetOrder';
export const SHEETS_MAP = 'sheets';

export const SHEET_PARTS = ['rows', 'cols', 'cells', 'colMeta', 'rowMeta', 'comments', 'styles', 'merges', 'base'] as const;
export type SheetPartName = (typeof SHEET_PARTS)[number];

export interface SheetParts {
  map: Y.Map<unknown>;
  rows: Y.Array<unknown>;
  cols: Y.Array<unknown>;
  cells: Y.Map<unknown>;
  colMeta: Y.Map<unknown>;
  rowMeta: Y.Map<unknown>;
  comments: Y.Map<unknown>;
  styles: Y.Map<unknown>;
  merges: Y.Map<unknown>;
  /** Packed cells, chunk id → bytes; absent in sheets made before packing existed. */
  base?: Y.Map<unknown>;
}

export function cellKey(rowId: string, colId: string): string {
  return `${rowId}:${colId}`;
}

export function splitCellKey(key: string): [string, string] | null {
  const i = key.indexOf(':');
  return i > 0 ? [key.slice(0, i), key.slice(i + 1)] : null;
}

/** A new sheet's Y.Map, filled before it is integrated (one update, one undo step). */
export function newSheetMap(name: string, rowIds: string[], colIds: string[]): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('name', name);
  const rows = new Y.Array<string>();
  rows.push(rowIds);
  const cols = new Y.Array<string>();
  cols.push(colIds);
  map.set('rows', rows);
  map.set('cols', cols);
  for (const part of ['cells', 'colMeta', 'rowMeta', 'comments', 'styles', 'merges', 'base'] as const) map.set(part, new Y.Map());
  map.set('frozen', { rows: 0, cols: 0 } satisfies Frozen);
  return map;
}

/**
 * The typed parts of a sheet, or undefined when the map is not a well-formed sheet (a document
 * is written by clients the server does not control; a malformed sheet is treated as absent).
 */
export function sheetParts(value: unknown): SheetParts | undefined {
  if (!(value instanceof Y.Map)) return undefined;
  const get = (k: string) => value.get(k);
  const [rows, cols] = [get('rows'), get('cols')];
  if (!(rows instanceof Y.Array) || !(cols instanceof Y.Array)) return undefined;
  const maps: Partial<Record<SheetPartName, Y.Map<unknown>>> = {};
  for (const part of ['cells', 'colMeta', 'rowMeta', 'comments', 'styles', 'merges'] as const) {
    const m = get(part);
    if (!(m instanceof Y.Map)) return undefined;
    maps[part] = m;
  }
  const base = get('base');
  return {
    map: value,
    rows,
    cols,
    cells: maps.cells!,
    colMeta: maps.colMeta!,
    rowMeta: maps.rowMeta!,
    comments: maps.comments!,
    styles: maps.styles!,
    merges: maps.merges!,
    ...(base instanceof Y.Map ? { base } : {}),
  };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function isRawValue(x: unknown): x is RawValue {
  return typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
}

/**
 * An entry in `cells` with an empty value and no style: the cell was cleared where a packed
 * value lies beneath (cellChunks.ts). It reads as an empty cell.
 */
export function isCleared(cell: Readonly<Cell>): boolean {
  return cell.v === '' && cell.s === undefined;
}

/** Reads a stored cell; anything malformed reads as empty. Kept cheap: it runs for every cell. */
export function readCell(x: unknown): Readonly<Cell> | undefined {
  if (!isRecord(x) || !isRawValue(x.v)) return undefined;
  const s = x.s;
  // The stored object itself when it has the right shape: the grid reads cells on every frame.
  if (s === undefined || typeof s === 'string' || isRecord(s)) return x as unknown as Cell;
  return { v: x.v };
}

export function readStrings(arr: Y.Array<unknown>): string[] {
  return arr.toArray().filter((x): x is string => typeof x === 'string');
}

export function readRecord<T>(x: unknown): T | undefined {
  return isRecord(x) ? (x as T) : undefined;
}

export type { CellComment, ColumnMeta, MergeRecord, RowMeta };
