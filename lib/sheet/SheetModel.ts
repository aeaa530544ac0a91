import * as Y from 'yjs';
import type { z } from 'zod';
import { badRequest, notFound } from '../errors';
import { parseA1Range } from './a1';
import { CHUNK_ROWS, encodeChunk, indexChunks, packedCell, type PackedRows } from './cellChunks';
import { emptyDelta, type SheetChange, type SheetDelta } from './changes';
import { buildGeometry, dedupeIds, type SheetGeometry } from './geometry';
import { deleteIds, insertAtView, moveInView } from './idArrays';
import { newItemId, newItemIds } from './ids';
import { percentFormatOf, toDisplayInput, toStoredInput, type InputContext } from './input';
import { isFormula, type RefContext } from './formulaRefs';
import { prepareDeletion, type LineDeletion } from './rangeShrink';
import {
  cellKey,
  isCleared,
  isRawValue,
  META_MAP,
  newSheetMap,
  readCell,
  readRecord,
  readStrings,
  SHEET_ORDER,
  SHEET_PARTS,
  SHEET_SCHEMA_VERSION,
  SHEETS_MAP,
  sheetParts,
  splitCellKey,
  type SheetPartName,
  type SheetParts,
} from './sheetDoc';
import {
  cellStyleSchema,
  columnMetaSchema,
  commentSchema,
  frozenSchema,
  rowMetaSchema,
  sheetNameSchema,
  type Cell,
  type CellAddress,
  type CellComment,
  type CellRange,
  type CellStyle,
  type ColumnMeta,
  type Frozen,
  type MergedArea,
  type MergeRecord,
  type RawValue,
  type RowMeta,
} from './types';

export interface SheetInfo {
  id: string;
  name: string;
}

export interface NewSheetOptions {
  name?: string;
  rows?: number;
  cols?: number;
  /** Tab position; default: last. */
  index?: number;
}

export interface InitOptions extends NewSheetOptions {
  title: string;
}

type Listener = (change: SheetChange) => void;

/**
 * A spreadsheet on a Y.Doc: index-based reads and writes for the grid, id-based storage for
 * correctness under concurrency. Every write method is one transaction (one undo step) with the
 * model's origin unless an `origin` is passed; group several with `transact`. Positions are the
 * view of geometry.ts; reads are cached per sheet and invalidated by writes and transactions.
 */
export class SheetModel {
  readonly doc: Y.Doc;
  /** Transaction origin of this client's edits; createUndoManager tracks exactly this origin. */
  readonly origin: unknown;
  private readonly meta: Y.Map<unknown>;
  private readonly order: Y.Array<unknown>;
  private readonly sheetsMap: Y.Map<unknown>;
  private readonly listeners = new Set<Listener>();
  private geometries = new Map<string, SheetGeometry>();
  private sheetListCache: SheetInfo[] | null = null;
  private partsCache = new Map<string, SheetParts | undefined>();
  private contextCache = new Map<string, { ref: RefContext; byType: Map<string, InputContext> }>();
  private typeIndex = new WeakMap<object, { sheetId: string; part: SheetPartName | 'sheet' }>();
  /** Packed rows per sheet, dropped when its `base` map changes (onTransaction, fillEmptySheet). */
  private packedCache = new Map<string, { base: Y.Map<unknown>; rows: PackedRows }>();
  private lastSheetIds: string[];

  constructor(doc: Y.Doc, opts: { origin?: unknown } = {}) {
    this.doc = doc;
    this.origin = opts.origin ?? { kind: 'sheet-local-edit' };
    this.meta = doc.getMap(META_MAP);
    this.order = doc.getArray(SHEET_ORDER);
    this.sheetsMap = doc.getMap(SHEETS_MAP);
    this.lastSheetIds = this.sheetIds();
    doc.on('afterTransaction', this.onTransaction);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
    this.listeners.clear();
  }

  /** Called after every transaction that changed the document; returns an unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  transact<T>(fn: () => T, origin: unknown = this.origin): T {
    let result!: T;
    this.doc.transact(() => {
      result = fn();
    }, origin);
    return result;
  }

  // ── document ────────────────────────────────────────────────────────────────────────────

  isInitialized(): boolean {
    return this.meta.get('schemaVersion') !== undefined || this.sheetsMap.size > 0;
  }

  /**
   * Sets up a new document with one sheet. Meant to run once, where the document is created
   * (the server, inside the creating transaction): two clients initialising the same empty
   * document concurrently would each add a first sheet. Does nothing if already initialised.
   */
  initialize(opts: InitOptions, origin: unknown = this.origin): void {
    if (this.isInitialized()) return;
    this.transact(() => {
      this.meta.set('title', opts.title);
      this.meta.set('schemaVersion', SHEET_SCHEMA_VERSION);
      this.addSheet({ name: opts.name ?? 'Tabelle1', rows: opts.rows ?? 100, cols: opts.cols ?? 26 }, origin);
    }, origin);
  }

  get title(): string {
    const t = this.meta.get('title');
    return typeof t === 'string' ? t : '';
  }

  setTitle(title: string, origin: unknown = this.origin): void {
    this.transact(() => this.meta.set('title', title), origin);
  }

  // ── sheets ──────────────────────────────────────────────────────────────────────────────

  /** Sheet ids in tab order: first occurrence in `sheetOrder`, existing sheets only; sheets
   *  missing from the order (never made by this model) follow, sorted by id. */
  sheetIds(): string[] {
    return this.sheetList().map((s) => s.id);
  }

  sheetList(): SheetInfo[] {
    if (this.sheetListCache) return this.sheetListCache;
    const valid = (id: string) => this.parts(id) !== undefined;
    const ordered = dedupeIds(readStrings(this.order)).filter(valid);
    const inOrder = new Set(ordered);
    const rest = [...this.sheetsMap.keys()].filter((id) => !inOrder.has(id) && valid(id)).sort();
    this.sheetListCache = [...ordered, ...rest].map((id) => ({ id, name: this.rawName(id) }));
    return this.sheetListCache;
  }

  hasSheet(sheetId: string): boolean {
    return this.parts(sheetId) !== undefined;
  }

  sheetName(sheetId: string): string | undefined {
    return this.hasSheet(sheetId) ? this.rawName(sheetId) : undefined;
  }

  /** Case-insensitive, like spreadsheets; the first sheet in tab order wins a duplicate name. */
  sheetIdByName(name: string): string | undefined {
    const lower = name.toLowerCase();
    return this.sheetList().find((s) => s.name.toLowerCase() === lower)?.id;
  }

  addSheet(opts: NewSheetOptions = {}, origin: unknown = this.origin): string {
    const name = opts.name !== undefined ? this.checkNewName(opts.name) : this.freeName();
    const rows = opts.rows ?? 100;
    const cols = opts.cols ?? 26;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) throw badRequest('A sheet needs at least one row and one column');
    const id = newItemId();
    this.transact(() => {
      this.sheetsMap.set(id, newSheetMap(name, newItemIds(rows), newItemIds(cols)));
      const view = this.sheetIds().filter((s) => s !== id);
      const index = opts.index ?? view.length;
      this.checkIndex(index, view.length + 1, 'sheet index');
      this.invalidateSheets();
      insertAtView(this.order, view, index, [id]);
      this.invalidateSheets();
    }, origin);
    return id;
  }

  renameSheet(sheetId: string, name: string, origin: unknown = this.origin): void {
    const parts = this.requireSheet(sheetId);
    const checked = this.checkNewName(name, sheetId);
    this.transact(() => parts.map.set('name', checked), origin);
    this.invalidateSheets();
  }

  /** Moves a tab so that it ends up at position `toIndex`. */
  moveSheet(sheetId: string, toIndex: number, origin: unknown = this.origin): void {
    this.requireSheet(sheetId);
    const view = this.sheetIds();
    this.checkIndex(toIndex, view.length, 'sheet index');
    const from = view.indexOf(sheetId);
    this.transact(() => moveInView(this.order, view, from, 1, toIndex), origin);
    this.invalidateSheets();
  }

  /** Deletes a sheet; the last sheet cannot be deleted. References to it become `#REF!`. */
  deleteSheet(sheetId: string, origin: unknown = this.origin): void {
    this.requireSheet(sheetId);
    if (this.sheetIds().length <= 1) throw badRequest('The last sheet cannot be deleted');
    this.transact(() => {
      this.sheetsMap.delete(sheetId);
      deleteIds(this.order, [sheetId]);
    }, origin);
    this.invalidateSheets();
  }

  // ── positions ───────────────────────────────────────────────────────────────────────────

  geometry(sheetId: string): SheetGeometry {
    const cached = this.geometries.get(sheetId);
    if (cached) return cached;
    const parts = this.requireSheet(sheetId);
    const g = buildGeometry(readStrings(parts.rows), readStrings(parts.cols));
    this.geometries.set(sheetId, g);
    return g;
  }

  rowIds(sheetId: string): readonly string[] {
    return this.geometry(sheetId).rowIds;
  }

  colIds(sheetId: string): readonly string[] {
    return this.geometry(sheetId).colIds;
  }

  rowCount(sheetId: string): number {
    return this.geometry(sheetId).rowIds.length;
  }

  colCount(sheetId: string): number {
    return this.geometry(sheetId).colIds.length;
  }

  insertRows(sheetId: string, index: number, count = 1, origin: unknown = this.origin): string[] {
    return this.insertLines(sheetId, 'rows', index, count, origin);
  }

  insertCols(sheetId: string, index: number, count = 1, origin: unknown = this.origin): string[] {
    return this.insertLines(sheetId, 'cols', index, count, origin);
  }

  /** Deletes rows with their cells, row meta and comments (so undo brings them back). */
  deleteRows(sheetId: string, index: number, count = 1, origin: unknown = this.origin): void {
    this.deleteLines(sheetId, 'rows', index, count, origin);
  }

  deleteCols(sheetId: string, index: number, count = 1, origin: unknown = this.origin): void {
    this.deleteLines(sheetId, 'cols', index, count, origin);
  }

  /** Moves rows [from, from+count) so that the first of them ends up at `to` (Handsontable's
   *  "final index"). */
  moveRows(sheetId: string, from: number, count: number, to: number, origin: unknown = this.origin): void {
    this.moveLines(sheetId, 'rows', from, count, to, origin);
  }

  moveCols(sheetId: string, from: number, count: number, to: number, origin: unknown = this.origin): void {
    this.moveLines(sheetId, 'cols', from, count, to, origin);
  }

  // ── cells ───────────────────────────────────────────────────────────────────────────────

  getCell(sheetId: string, row: number, col: number): Cell | undefined {
    const g = this.geometry(sheetId);
    const [rowId, colId] = [g.rowIds[row], g.colIds[col]];
    return rowId === undefined || colId === undefined ? undefined : this.getCellById(sheetId, rowId, colId);
  }

  getCellById(sheetId: string, rowId: string, colId: string): Cell | undefined {
    const parts = this.parts(sheetId);
    if (!parts) return undefined;
    const cell = readCell(this.storedCell(sheetId, parts, rowId, colId));
    return cell && isCleared(cell) ? undefined : cell;
  }

  /** The stored value (formulas in stored form), null for an empty cell. */
  getValue(sheetId: string, row: number, col: number): RawValue | null {
    return this.getCell(sheetId, row, col)?.v ?? null;
  }

  /** Every stored value of a sheet as rows × columns (for a grid's initial load). */
  getSheetValues(sheetId: string): (RawValue | null)[][] {
    const g = this.geometry(sheetId);
    const out = g.rowIds.map(() => new Array<RawValue | null>(g.colIds.length).fill(null));
    this.forEachValue(sheetId, (row, col, v) => {
      out[row][col] = v;
    });
    return out;
  }

  /** Like forEachCell, values only and without allocating per cell (evaluation, exports). */
  forEachValue(sheetId: string, fn: (row: number, col: number, v: RawValue, rowId: string, colId: string) => void): void {
    this.forEachStored(sheetId, (row, col, value, rowId, colId) => {
      const v = (value as { v?: unknown } | null)?.v;
      if (isRawValue(v) && !(v === '' && (value as { s?: unknown }).s === undefined)) fn(row, col, v, rowId, colId);
    });
  }

  /** Visits every non-empty cell at its position; cells of deleted rows/columns are skipped. */
  forEachCell(sheetId: string, fn: (row: number, col: number, cell: Cell, rowId: string, colId: string) => void): void {
    this.forEachStored(sheetId, (row, col, value, rowId, colId) => {
      const cell = readCell(value);
      if (cell && !isCleared(cell)) fn(row, col, cell, rowId, colId);
    });
  }

  /** Every stored cell of live rows and columns: entries of `cells`, then packed cells they do not cover. */
  private forEachStored(sheetId: string, fn: (row: number, col: number, value: unknown, rowId: string, colId: string) => void): void {
    const parts = this.requireSheet(sheetId);
    const { rowIndex, colIndex } = this.geometry(sheetId);
    const packed = this.packedRows(sheetId, parts);
    // Per row, the columns whose entry in `cells` covers a packed value.
    const covered = new Map<string, Set<string>>();
    parts.cells.forEach((value, key) => {
      const sep = key.indexOf(':');
      if (sep <= 0) return;
      const rowId = key.slice(0, sep);
      const colId = key.slice(sep + 1);
      if (packed.has(rowId)) {
        let cols = covered.get(rowId);
        if (!cols) covered.set(rowId, (cols = new Set()));
        cols.add(colId);
      }
      const row = rowIndex.get(rowId);
      const col = colIndex.get(colId);
      if (row !== undefined && col !== undefined) fn(row, col, value, rowId, colId);
    });
    packed.forEach((packedRow, rowId) => {
      const row = rowIndex.get(rowId);
      if (row === undefined) return;
      const skip = covered.get(rowId);
      const { cols, cells } = packedRow;
      for (let i = 0; i < cells.length; i++) {
        const value = cells[i];
        if (value === undefined) continue;
        const col = colIndex.get(cols[i]);
        if (col !== undefined && !skip?.has(cols[i])) fn(row, col, value, rowId, cols[i]);
      }
    });
  }

  /** Sets or clears a cell (value and style). */
  setCell(sheetId: string, row: number, col: number, cell: Cell | null, origin: unknown = this.origin): void {
    const [parts, key, rowId, colId] = this.cellTarget(sheetId, row, col);
    this.transact(() => {
      if (cell === null) this.clearCell(sheetId, parts, rowId, colId);
      else parts.cells.set(key, cell.s !== undefined ? { v: cell.v, s: cell.s } : { v: cell.v });
    }, origin);
  }

  /** Sets a stored value, keeping the cell's style; null clears the value. */
  setValue(sheetId: string, row: number, col: number, v: RawValue | null, origin: unknown = this.origin): void {
    this.setValues(sheetId, row, col, [[v]], origin);
  }

  /** Writes a block of stored values from (row, col) in one transaction (paste, fill, import). */
  setValues(sheetId: string, row: number, col: number, values: ReadonlyArray<ReadonlyArray<RawValue | null>>, origin: unknown = this.origin): void {
    const parts = this.requireSheet(sheetId);
    const g = this.geometry(sheetId);
    const height = values.length;
    const width = Math.max(0, ...values.map((r) => r.length));
    if (height === 0 || width === 0) return;
    this.checkIndex(row, g.rowIds.length, 'row');
    this.checkIndex(col, g.colIds.length, 'column');
    if (row + height > g.rowIds.length || col + width > g.colIds.length) throw badRequest('The values do not fit into the sheet');
    this.transact(() => {
      values.forEach((line, dr) =>
        line.forEach((v, dc) => {
          const [rowId, colId] = [g.rowIds[row + dr], g.colIds[col + dc]];
          const key = cellKey(rowId, colId);
          const old = this.getCellById(sheetId, rowId, colId);
          if (v === null || v === '') {
            if (old?.s !== undefined) parts.cells.set(key, { v: '', s: old.s });
            else if (old) this.clearCell(sheetId, parts, rowId, colId);
          } else if (!old || old.v !== v) {
            parts.cells.set(key, old?.s !== undefined ? { v, s: old.s } : { v });
          }
        }),
      );
    }, origin);
  }

  /**
   * Fills a sheet that has no cells yet (an imported workbook) in one transaction, packed into
   * chunks of rows (cellChunks.ts) rather than one entry per cell. Sheets made before packing
   * existed get one entry per cell, as from setCell.
   */
  fillEmptySheet(sheetId: string, cells: Iterable<{ row: number; col: number; cell: Cell }>, origin: unknown = this.origin): void {
    const parts = this.requireSheet(sheetId);
    const g = this.geometry(sheetId);
    if (parts.cells.size > 0 || (parts.base && parts.base.size > 0)) throw badRequest('The sheet is not empty');
    const grid = new Map<number, Array<Cell | null>>();
    for (const { row, col, cell } of cells) {
      this.checkIndex(row, g.rowIds.length, 'row');
      this.checkIndex(col, g.colIds.length, 'column');
      if (cell.v === '' && cell.s === undefined) continue;
      let line = grid.get(row);
      if (!line) grid.set(row, (line = new Array<Cell | null>(g.colIds.length).fill(null)));
      line[col] = cell;
    }
    const rows = [...grid.keys()].sort((a, b) => a - b);
    const base = parts.base;
    this.transact(() => {
      if (!base) {
        for (const row of rows) grid.get(row)!.forEach((cell, col) => cell && this.setCell(sheetId, row, col, cell, origin));
        return;
      }
      for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
        const chunk = rows.slice(i, i + CHUNK_ROWS).map((row) => [g.rowIds[row], grid.get(row)!] as const);
        base.set(newItemId(), encodeChunk(g.colIds, chunk));
      }
    }, origin);
    this.packedCache.delete(sheetId);
  }

  /** What the user typed, converted with toStoredInput (locale, column type) and stored. */
  setInput(sheetId: string, row: number, col: number, input: string, locale: string, origin: unknown = this.origin): RawValue | null {
    const v = toStoredInput(input, locale, this.inputContext(sheetId, col));
    this.transact(() => {
      this.setValue(sheetId, row, col, v, origin);
      // "12 %" is stored as 0.12 and keeps showing as a percentage, as in other spreadsheets:
      // a cell without a number format of its own takes one (a named style is left as it is).
      const percent = typeof v === 'number' ? percentFormatOf(input, locale) : null;
      const cell = percent ? this.getCell(sheetId, row, col) : undefined;
      if (percent && typeof cell?.s !== 'string' && !cell?.s?.numberFormat) this.setStyle(sheetId, row, col, { ...cell?.s, numberFormat: percent }, origin);
    }, origin);
    return v;
  }

  /** What the cell editor shows: formulas in A1 form and the locale's notation. */
  getInput(sheetId: string, row: number, col: number, locale: string): string {
    const v = this.getValue(sheetId, row, col);
    // Only text reads the context (formulas, dates); the grid asks for every cell it shows.
    return toDisplayInput(v, locale, typeof v === 'string' ? this.inputContext(sheetId, col) : this.refContext(sheetId));
  }

  /**
   * Rewriting context for formulas in `sheetId`, with the sheets' user-visible names. One per
   * sheet: it looks everything up when asked, and the grid needs one for each cell it shows.
   */
  refContext(sheetId: string): RefContext {
    return this.contexts(sheetId).ref;
  }

  inputContext(sheetId: string, col: number): InputContext {
    const type = this.getColumnMeta(sheetId, col).type;
    if (!type) return this.refContext(sheetId);
    const { ref, byType } = this.contexts(sheetId);
    let ctx = byType.get(type);
    if (!ctx) byType.set(type, (ctx = { ...ref, columnType: type }));
    return ctx;
  }

  private contexts(sheetId: string): { ref: RefContext; byType: Map<string, InputContext> } {
    let entry = this.contextCache.get(sheetId);
    if (!entry) {
      const ref: RefContext = {
        sheetId,
        geometry: (id) => (this.hasSheet(id) ? this.geometry(id) : undefined),
        sheetIdByName: (name) => this.sheetIdByName(name),
        sheetName: (id) => this.sheetName(id),
      };
      this.contextCache.set(sheetId, (entry = { ref, byType: new Map() }));
    }
    return entry;
  }

  /** `B3`, `A1:C4`, `'Mein Blatt'!A1` → a range on a sheet (sheet names as users see them). */
  resolveRange(ref: string, defaultSheetId?: string): CellRange {
    const parsed = parseA1Range(ref);
    if (!parsed) throw badRequest(`Not a cell or range: ${ref}`);
    const sheetId = parsed.sheet !== undefined ? this.sheetIdByName(parsed.sheet) : (defaultSheetId ?? this.sheetIds()[0]);
    if (sheetId === undefined || !this.hasSheet(sheetId)) throw notFound('Sheet');
    const g = this.geometry(sheetId);
    if (parsed.end.row >= g.rowIds.length || parsed.end.col >= g.colIds.length) throw badRequest(`Outside the sheet: ${ref}`);
    return { sheetId, start: parsed.start, end: parsed.end };
  }

  // ── styles, meta, comments, merges ──────────────────────────────────────────────────────

  /** The cell's style, with a named style resolved. */
  getStyle(sheetId: string, row: number, col: number): CellStyle | undefined {
    const s = this.getCell(sheetId, row, col)?.s;
    if (s === undefined) return undefined;
    if (typeof s !== 'string') return s;
    return readRecord<CellStyle>(this.requireSheet(sheetId).styles.get(s));
  }

  /** Named styles of a sheet (id → style), for exporters that write a style table. */
  getNamedStyles(sheetId: string): Record<string, CellStyle> {
    const out: Record<string, CellStyle> = {};
    this.requireSheet(sheetId).styles.forEach((v, k) => {
      const s = readRecord<CellStyle>(v);
      if (s) out[k] = s;
    });
    return out;
  }

  /** Defines (or replaces) a named style; returns its id. */
  defineStyle(sheetId: string, style: CellStyle, styleId: string = newItemId(), origin: unknown = this.origin): string {
    const parts = this.requireSheet(sheetId);
    const parsed = this.parse(cellStyleSchema, style);
    this.transact(() => parts.styles.set(styleId, parsed), origin);
    return styleId;
  }

  /** Sets a cell's style (a named style id or an inline style); null removes it. */
  setStyle(sheetId: string, row: number, col: number, style: string | CellStyle | null, origin: unknown = this.origin): void {
    const [parts, key, rowId, colId] = this.cellTarget(sheetId, row, col);
    const s = style === null || typeof style === 'string' ? style : this.parse(cellStyleSchema, style);
    this.transact(() => {
      const old = this.getCellById(sheetId, rowId, colId);
      if (s === null) {
        if (old && old.v !== '') parts.cells.set(key, { v: old.v });
        else if (old) this.clearCell(sheetId, parts, rowId, colId);
      } else {
        parts.cells.set(key, { v: old?.v ?? '', s });
      }
    }, origin);
  }

  getColumnMeta(sheetId: string, col: number): ColumnMeta {
    const colId = this.geometry(sheetId).colIds[col];
    return (colId !== undefined ? readRecord<ColumnMeta>(this.requireSheet(sheetId).colMeta.get(colId)) : undefined) ?? {};
  }

  /** Replaces a column's meta (width, type, options, validation); `{}` clears it. */
  setColumnMeta(sheetId: string, col: number, meta: ColumnMeta, origin: unknown = this.origin): void {
    const parts = this.requireSheet(sheetId);
    const g = this.geometry(sheetId);
    this.checkIndex(col, g.colIds.length, 'column');
    const parsed = this.parse(columnMetaSchema, meta);
    this.transact(() => (Object.keys(parsed).length ? parts.colMeta.set(g.colIds[col], parsed) : parts.colMeta.delete(g.colIds[col])), origin);
  }

  getRowMeta(sheetId: string, row: number): RowMeta {
    const rowId = this.geometry(sheetId).rowIds[row];
    return (rowId !== undefined ? readRecord<RowMeta>(this.requireSheet(sheetId).rowMeta.get(rowId)) : undefined) ?? {};
  }

  setRowMeta(sheetId: string, row: number, meta: RowMeta, origin: unknown = this.origin): void {
    const parts = this.requireSheet(sheetId);
    const g = this.geometry(sheetId);
    this.checkIndex(row, g.rowIds.length, 'row');
    const parsed = this.parse(rowMetaSchema, meta);
    this.transact(() => (Object.keys(parsed).length ? parts.rowMeta.set(g.rowIds[row], parsed) : parts.rowMeta.delete(g.rowIds[row])), origin);
  }

  getFrozen(sheetId: string): Frozen {
    const f = frozenSchema.safeParse(this.requireSheet(sheetId).map.get('frozen'));
    return f.success ? f.data : { rows: 0, cols: 0 };
  }

  setFrozen(sheetId: string, frozen: Frozen, origin: unknown = this.origin): void {
    const parts = this.requireSheet(sheetId);
    const parsed = this.parse(frozenSchema, frozen);
    this.transact(() => parts.map.set('frozen', parsed), origin);
  }

  getComment(sheetId: string, row: number, col: number): CellComment | undefined {
    const g = this.geometry(sheetId);
    const [rowId, colId] = [g.rowIds[row], g.colIds[col]];
    if (rowId === undefined || colId === undefined) return undefined;
    return readRecord<CellComment>(this.requireSheet(sheetId).comments.get(cellKey(rowId, colId)));
  }

  /** Every comment of a sheet at its position. */
  getComments(sheetId: string): Array<CellAddress & { comment: CellComment }> {
    const g = this.geometry(sheetId);
    const out: Array<CellAddress & { comment: CellComment }> = [];
    this.requireSheet(sheetId).comments.forEach((v, key) => {
      const ids = splitCellKey(key);
      const comment = readRecord<CellComment>(v);
      const row = ids ? g.rowIndex.get(ids[0]) : undefined;
      const col = ids ? g.colIndex.get(ids[1]) : undefined;
      if (comment && row !== undefined && col !== undefined) out.push({ row, col, comment });
    });
    return out.sort((a, b) => a.row - b.row || a.col - b.col);
  }

  setComment(sheetId: string, row: number, col: number, comment: CellComment | null, origin: unknown = this.origin): void {
    const [parts, key] = this.cellTarget(sheetId, row, col);
    const parsed = comment === null ? null : this.parse(commentSchema, comment);
    this.transact(() => (parsed === null ? parts.comments.delete(key) : parts.comments.set(key, parsed)), origin);
  }

  /** Merged blocks at their positions; a block whose corner row/column was deleted is gone. */
  getMerges(sheetId: string): MergedArea[] {
    const g = this.geometry(sheetId);
    const out: MergedArea[] = [];
    this.requireSheet(sheetId).merges.forEach((v, key) => {
      const ids = splitCellKey(key);
      const rec = readRecord<MergeRecord>(v);
      if (!ids || !rec) return;
      const [r1, c1, r2, c2] = [g.rowIndex.get(ids[0]), g.colIndex.get(ids[1]), g.rowIndex.get(rec.r2), g.colIndex.get(rec.c2)];
      if (r1 === undefined || c1 === undefined || r2 === undefined || c2 === undefined || r2 < r1 || c2 < c1) return;
      out.push({ row: r1, col: c1, rowspan: r2 - r1 + 1, colspan: c2 - c1 + 1 });
    });
    return out.sort((a, b) => a.row - b.row || a.col - b.col);
  }

  mergeCells(sheetId: string, range: { start: CellAddress; end: CellAddress }, origin: unknown = this.origin): void {
    const parts = this.requireSheet(sheetId);
    const g = this.geometry(sheetId);
    const { start, end } = range;
    this.checkIndex(start.row, g.rowIds.length, 'row');
    this.checkIndex(start.col, g.colIds.length, 'column');
    this.checkIndex(end.row, g.rowIds.length, 'row');
    this.checkIndex(end.col, g.colIds.length, 'column');
    if (end.row < start.row || end.col < start.col) throw badRequest('A merge needs start before end');
    const key = cellKey(g.rowIds[start.row], g.colIds[start.col]);
    this.transact(() => parts.merges.set(key, { r2: g.rowIds[end.row], c2: g.colIds[end.col] } satisfies MergeRecord), origin);
  }

  /** Removes the merge whose top-left cell is (row, col). */
  unmergeCells(sheetId: string, row: number, col: number, origin: unknown = this.origin): void {
    const [parts, key] = this.cellTarget(sheetId, row, col);
    this.transact(() => parts.merges.delete(key), origin);
  }

  /**
   * The whole Y state as plain JSON with sorted keys and raw arrays (duplicates included), so
   * two replicas with the same state produce the same string.
   */
  toJSON(): unknown {
    return canonical({ meta: this.meta.toJSON(), sheetOrder: this.order.toJSON(), sheets: this.sheetsMap.toJSON() });
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────

  /** @internal Parts of a sheet for code in this folder (cleanup, engine). */
  parts(sheetId: string): SheetParts | undefined {
    if (this.partsCache.has(sheetId)) return this.partsCache.get(sheetId);
    const parts = sheetParts(this.sheetsMap.get(sheetId));
    this.partsCache.set(sheetId, parts);
    if (parts) {
      this.typeIndex.set(parts.map, { sheetId, part: 'sheet' });
      for (const part of SHEET_PARTS) {
        const type = parts[part];
        if (type) this.typeIndex.set(type, { sheetId, part });
      }
    }
    return parts;
  }

  /** @internal The raw Y types, for cleanup and undo scope. */
  yTypes(): { meta: Y.Map<unknown>; order: Y.Array<unknown>; sheets: Y.Map<unknown> } {
    return { meta: this.meta, order: this.order, sheets: this.sheetsMap };
  }

  private requireSheet(sheetId: string): SheetParts {
    const parts = this.parts(sheetId);
    if (!parts) throw notFound('Sheet');
    return parts;
  }

  private rawName(sheetId: string): string {
    const name = this.parts(sheetId)?.map.get('name');
    return typeof name === 'string' ? name : sheetId;
  }

  private checkNewName(name: string, exceptId?: string): string {
    const parsed = sheetNameSchema.safeParse(name);
    if (!parsed.success) throw badRequest(parsed.error.issues[0]?.message ?? 'Invalid sheet name');
    const lower = parsed.data.toLowerCase();
    if (this.sheetList().some((s) => s.id !== exceptId && s.name.toLowerCase() === lower)) throw badRequest('A sheet with this name already exists');
    return parsed.data;
  }

  private freeName(): string {
    const taken = new Set(this.sheetList().map((s) => s.name.toLowerCase()));
    let n = this.sheetList().length + 1;
    while (taken.has(`tabelle${n}`)) n++;
    return `Tabelle${n}`;
  }

  private checkIndex(i: number, length: number, what: string): void {
    if (!Number.isInteger(i) || i < 0 || i >= length) throw badRequest(`Invalid ${what}: ${i}`);
  }

  private parse<T>(schema: z.ZodType<T>, x: unknown): T {
    const r = schema.safeParse(x);
    if (!r.success) throw badRequest(r.error.issues[0]?.message ?? 'Invalid input');
    return r.data;
  }

  private cellTarget(sheetId: string, row: number, col: number): [parts: SheetParts, key: string, rowId: string, colId: string] {
    const parts = this.requireSheet(sheetId);
    const g = this.geometry(sheetId);
    this.checkIndex(row, g.rowIds.length, 'row');
    this.checkIndex(col, g.colIds.length, 'column');
    const [rowId, colId] = [g.rowIds[row], g.colIds[col]];
    return [parts, cellKey(rowId, colId), rowId, colId];
  }

  private insertLines(sheetId: string, dim: 'rows' | 'cols', index: number, count: number, origin: unknown): string[] {
    const parts = this.requireSheet(sheetId);
    const view = dim === 'rows' ? this.geometry(sheetId).rowIds : this.geometry(sheetId).colIds;
    this.checkIndex(index, view.length + 1, dim === 'rows' ? 'row' : 'column');
    if (!Number.isInteger(count) || count < 1 || count > 100_000) throw badRequest(`Invalid count: ${count}`);
    const ids = newItemIds(count);
    this.transact(() => insertAtView(parts[dim], view, index, ids), origin);
    this.geometries.delete(sheetId);
    return ids;
  }

  private deleteLines(sheetId: string, dim: 'rows' | 'cols', index: number, count: number, origin: unknown): void {
    const parts = this.requireSheet(sheetId);
    const g = this.geometry(sheetId);
    const view = dim === 'rows' ? g.rowIds : g.colIds;
    const others = dim === 'rows' ? g.colIds : g.rowIds;
    this.checkIndex(index, view.length, dim === 'rows' ? 'row' : 'column');
    if (!Number.isInteger(count) || count < 1 || index + count > view.length) throw badRequest(`Invalid count: ${count}`);
    if (count === view.length) throw badRequest(`A sheet keeps at least one ${dim === 'rows' ? 'row' : 'column'}`);
    const doomed = view.slice(index, index + count);
    const doomedSet = new Set(doomed);
    this.transact(() => {
      this.shrinkRangesOver({ sheetId, dim, view, doomed: doomedSet });
      for (const id of doomed) {
        for (const other of others) {
          const key = dim === 'rows' ? cellKey(id, other) : cellKey(other, id);
          if (parts.cells.has(key)) parts.cells.delete(key);
          if (parts.comments.has(key)) parts.comments.delete(key);
        }
        (dim === 'rows' ? parts.rowMeta : parts.colMeta).delete(id);
      }
      parts.merges.forEach((v, key) => {
        const ids = splitCellKey(key);
        const rec = readRecord<MergeRecord>(v);
        const hit = dim === 'rows' ? [ids?.[0], rec?.r2] : [ids?.[1], rec?.c2];
        if (hit.some((id) => id !== undefined && doomedSet.has(id))) parts.merges.delete(key);
      });
      deleteIds(parts[dim], doomed);
    }, origin);
    this.geometries.delete(sheetId);
  }

  /** Formulas of every sheet whose ranges end on lines about to be deleted (see rangeShrink.ts). */
  private shrinkRangesOver(deletion: LineDeletion): void {
    const rewrite = prepareDeletion(deletion);
    for (const sheetId of this.sheetIds()) {
      const parts = this.requireSheet(sheetId);
      const own = sheetId === deletion.sheetId;
      this.forEachValue(sheetId, (_row, _col, stored, rowId, colId) => {
        if (typeof stored !== 'string' || !isFormula(stored)) return;
        // Cells on the deleted lines go with them.
        if (own && deletion.doomed.has(deletion.dim === 'rows' ? rowId : colId)) return;
        const v = rewrite(stored, sheetId);
        if (v === null) return;
        const style = this.getCellById(sheetId, rowId, colId)?.s;
        parts.cells.set(cellKey(rowId, colId), style !== undefined ? { v, s: style } : { v });
      });
    }
  }

  private moveLines(sheetId: string, dim: 'rows' | 'cols', from: number, count: number, to: number, origin: unknown): void {
    const parts = this.requireSheet(sheetId);
    const view = dim === 'rows' ? this.geometry(sheetId).rowIds : this.geometry(sheetId).colIds;
    const what = dim === 'rows' ? 'row' : 'column';
    this.checkIndex(from, view.length, what);
    if (!Number.isInteger(count) || count < 1 || from + count > view.length) throw badRequest(`Invalid count: ${count}`);
    this.checkIndex(to, view.length - count + 1, `target ${what}`);
    if (to === from) return;
    this.transact(() => moveInView(parts[dim], view, from, count, to), origin);
    this.geometries.delete(sheetId);
  }

  /** The value stored for a cell: its entry in `cells` when it has one, else its packed value. */
  private storedCell(sheetId: string, parts: SheetParts, rowId: string, colId: string): unknown {
    const entry = parts.cells.get(cellKey(rowId, colId));
    return entry !== undefined ? entry : this.packedValue(sheetId, parts, rowId, colId);
  }

  private packedValue(sheetId: string, parts: SheetParts, rowId: string, colId: string): unknown {
    const packed = this.packedRows(sheetId, parts).get(rowId);
    return packed && packedCell(packed, colId);
  }

  /** Empties a cell: removes its entry, or covers its packed value with an empty one. */
  private clearCell(sheetId: string, parts: SheetParts, rowId: string, colId: string): void {
    const key = cellKey(rowId, colId);
    if (this.packedValue(sheetId, parts, rowId, colId) !== undefined) parts.cells.set(key, { v: '' });
    else if (parts.cells.has(key)) parts.cells.delete(key);
  }

  /** Read for every cell the grid shows: no `Y.Map.size` here, which walks the whole map. */
  private packedRows(sheetId: string, parts: SheetParts): PackedRows {
    const base = parts.base;
    if (!base) return EMPTY_PACKED;
    const cached = this.packedCache.get(sheetId);
    if (cached?.base === base) return cached.rows;
    const rows = indexChunks(base);
    this.packedCache.set(sheetId, { base, rows });
    return rows;
  }

  private invalidateSheets(): void {
    this.sheetListCache = null;
    this.partsCache.clear();
  }

  private readonly onTransaction = (tr: Y.Transaction): void => {
    if (tr.changed.size === 0) return;
    const change: SheetChange = { origin: tr.origin, local: tr.local, meta: false, sheetList: false, added: [], removed: [], sheets: new Map() };
    const delta = (sheetId: string): SheetDelta => {
      let d = change.sheets.get(sheetId);
      if (!d) change.sheets.set(sheetId, (d = emptyDelta()));
      return d;
    };
    const replaced = new Set<string>();
    let rescanned = false;
    for (const [changedType, keys] of tr.changed) {
      const type: object = changedType;
      if (type === this.meta) change.meta = true;
      else if (type === this.order) change.sheetList = true;
      else if (type === this.sheetsMap) {
        change.sheetList = true;
        for (const k of keys) if (k !== null) replaced.add(k);
      } else {
        let where = this.typeIndex.get(type);
        if (!where && !rescanned) {
          // A type we have not read yet (a sheet created by a remote client): index them all.
          rescanned = true;
          this.partsCache.clear();
          for (const id of this.sheetsMap.keys()) this.parts(id);
          where = this.typeIndex.get(type);
        }
        if (!where) continue;
        const d = delta(where.sheetId);
        const keyList = [...keys].filter((k): k is string => k !== null);
        if (where.part === 'sheet') {
          for (const k of keyList) {
            if (k === 'name') change.sheetList = true;
            else if ((SHEET_PARTS as readonly string[]).includes(k)) d.reset = true;
            else d.props.add(k);
          }
        } else if (where.part === 'rows') d.rows = true;
        else if (where.part === 'cols') d.cols = true;
        else if (where.part === 'base') {
          // New packed cells (an import): read the whole sheet again.
          this.packedCache.delete(where.sheetId);
          d.reset = true;
        }
        else for (const k of keyList) d[where.part].add(k);
      }
    }
    this.invalidateSheets();
    const before = this.lastSheetIds;
    const after = this.sheetIds();
    this.lastSheetIds = after;
    const beforeSet = new Set(before);
    const afterSet = new Set(after);
    change.added = after.filter((id) => !beforeSet.has(id));
    change.removed = before.filter((id) => !afterSet.has(id));
    for (const id of replaced) if (beforeSet.has(id) && afterSet.has(id)) delta(id).reset = true;
    for (const id of [...change.added, ...change.removed]) change.sheets.delete(id);
    for (const id of change.sheets.keys()) if (!afterSet.has(id)) change.sheets.delete(id);
    for (const [id, d] of change.sheets) if (d.rows || d.cols || d.reset) this.geometries.delete(id);
    for (const id of [...change.removed, ...replaced]) {
      this.geometries.delete(id);
      this.packedCache.delete(id);
    }
    for (const listener of this.listeners) listener(change);
  };

}

const EMPTY_PACKED: PackedRows = new Map();

function canonical(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(canonical);
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) out[k] = canonical((x as Record<string, unknown>)[k]);
    return out;
  }
  return x;
}
