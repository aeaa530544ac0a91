import { CellValueDetailedType, DetailedCellError, ExportedCellChange, HyperFormula, type ConfigParams, type ExportedChange, type RawCellContent } from 'hyperformula';
import { notFound } from '../errors';
import { MAX_COLS, MAX_ROWS } from './a1';
import type { SheetChange } from './changes';
import { engineRefs, isDynamic, parseForEngine, renderForEngine, type EngineFormula } from './engineFormula';
import { isFormula, type RefContext } from './formulaRefs';
import { buildGeometry, diffIds, type IdListStep, type SheetGeometry } from './geometry';
import { cellText } from './input';
import { isIsoDate } from './locale';
import { isoDateToSerial } from './serials';
import { splitCellKey } from './sheetDoc';
import type { SheetModel } from './SheetModel';
import type { StoredRef } from './storedRef';
import type { CellRange, RawValue } from './types';

const FED = Symbol('fed');

/** An evaluated cell: errors are their codes (`#REF!`, `#DIV/0!`, `#NAME?` …); dates are serials. */
export type EvaluatedValue = number | string | boolean | null;

export type ValueFormat = 'empty' | 'number' | 'date' | 'time' | 'datetime' | 'percent' | 'currency' | 'text' | 'boolean' | 'error';

export interface ValueChange {
  sheetId: string;
  row: number;
  col: number;
  value: EvaluatedValue;
}

export interface EngineChange {
  /** The model change that caused this (null after `rebuild()`). */
  model: SheetChange | null;
  /** Cells whose evaluated value changed, at their current positions. */
  values: ValueChange[];
  /** The engine was rebuilt: re-read every value. */
  rebuilt: boolean;
}

const HF_CONFIG: Partial<ConfigParams> = {
  // HyperFormula is dual-licensed; 'gpl-v3' is its key for use in GPL-compatible free software,
  // which Werkraum (AGPL-3.0-or-later) is. Same key in Node and in the browser.
  licenseKey: 'gpl-v3',
  maxRows: MAX_ROWS,
  maxColumns: MAX_COLS,
  // `=A1` of an empty cell is 0, as in every spreadsheet.
  evaluateNullToZero: true,
  // ISO dates are how date columns store dates; the others are for text inside formulas.
  dateFormats: ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY'],
  // Undo is per user in Yjs (undo.ts); HyperFormula's own stack would only cost memory.
  undoLimit: 0,
};

/** More moved runs than this in one change (a sort, say) reload the sheet instead. */
const MAX_MOVE_STEPS = 8;

interface EngineSheet {
  hfId: number;
  hfName: string;
  /** Positions as HyperFormula has them right now (the model may be ahead during apply). */
  geometry: SheetGeometry;
  /** Columns whose values HyperFormula has: all, or those some formula references. */
  fed: Set<string> | 'all';
}

interface FormulaEntry {
  key: string;
  sheetId: string;
  rowId: string;
  colId: string;
  formula: EngineFormula;
}

/** The sheet a reference points into: its own, or the formula's for references without prefix. */
const targetOf = (e: FormulaEntry, ref: StoredRef) => ref.sheetId ?? e.sheetId;

function targetsOf(e: FormulaEntry): Set<string> {
  const out = new Set<string>();
  for (const slot of e.formula.slots) if (typeof slot !== 'string') out.add(targetOf(e, slot));
  return out;
}

/** Whether any reference into `sheetId` satisfies `test`. */
function refersTo(e: FormulaEntry, sheetId: string, test: (ref: StoredRef) => boolean): boolean {
  for (const slot of e.formula.slots) if (typeof slot !== 'string' && targetOf(e, slot) === sheetId && test(slot)) return true;
  return false;
}

const namesAny = (ref: StoredRef, ids: ReadonlySet<string>) =>
  (!!ref.c1 && ids.has(ref.c1.id)) || (!!ref.r1 && ids.has(ref.r1.id)) || (!!ref.c2 && ids.has(ref.c2.id)) || (!!ref.r2 && ids.has(ref.r2.id));

const formulaKey = (sheetId: string, rowId: string, colId: string) => `${sheetId}/${rowId}:${colId}`;

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

function toEvaluated(v: unknown): EvaluatedValue {
  if (v instanceof DetailedCellError) return v.value;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return null;
}

/** What HyperFormula would give for a stored non-formula value it was never fed. */
function plainValue(v: RawValue | undefined): EvaluatedValue {
  if (v === undefined || v === '') return null;
  if (typeof v !== 'string') return v;
  if (isIsoDate(v)) return isoDateToSerial(v);
  return cellText(v);
}

function plainFormat(v: RawValue | undefined): ValueFormat {
  if (v === undefined || v === '') return 'empty';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return isIsoDate(v) ? 'date' : 'text';
}

/** A stored non-formula value as HyperFormula input. */
function plainContent(v: RawValue | null | undefined): RawCellContent {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v !== 'string') return v;
  // ISO dates go in raw so HyperFormula reads them as dates; all other text stays text.
  return isIsoDate(v) ? v : `'${cellText(v)}`;
}

const isRenderedFormula = (x: RawCellContent) => typeof x === 'string' && x.charCodeAt(0) === 61; // '='

const FORMATS: Record<string, ValueFormat> = {
  [CellValueDetailedType.EMPTY]: 'empty',
  [CellValueDetailedType.NUMBER_RAW]: 'number',
  [CellValueDetailedType.NUMBER_DATE]: 'date',
  [CellValueDetailedType.NUMBER_TIME]: 'time',
  [CellValueDetailedType.NUMBER_DATETIME]: 'datetime',
  [CellValueDetailedType.NUMBER_PERCENT]: 'percent',
  [CellValueDetailedType.NUMBER_CURRENCY]: 'currency',
  [CellValueDetailedType.STRING]: 'text',
  [CellValueDetailedType.BOOLEAN]: 'boolean',
  [CellValueDetailedType.ERROR]: 'error',
};

/**
 * Evaluates a SheetModel with HyperFormula, on the server (exports, API) and in the browser.
 * HyperFormula sees each sheet under an internal name and every formula rewritten to A1 at the
 * current positions. Built in one `buildFromSheets`, then kept up to date from model changes in
 * one `batch` per transaction: cell edits become `setCellContents`, row/column changes the
 * matching HyperFormula operations. Where HyperFormula's own reference adjustment differs from
 * id semantics (ranges on moves, deleted range corners) the affected formulas are re-rendered
 * and set again; only those, since re-setting formulas is costly in HyperFormula.
 *
 * HyperFormula 3.5 never sees whole-row or whole-column ranges from here: after row/column
 * operations it keeps stale values behind them (and `addRows` can loop forever next to
 * overlapping whole-row ranges), while bounded ranges stay correct. They are rendered as
 * ranges over the sheet's current size and re-rendered when that size changes.
 *
 * HyperFormula gets only the cells formulas can see: every formula, and the values of the
 * columns some formula references (by a cell, a range or a whole column; a whole row feeds
 * its sheet entirely). Its graph holds a vertex per cell it is given, so a sheet whose
 * formulas read a few columns evaluates much faster. Other values are read from the model;
 * they are what HyperFormula would return for them. A formula with OFFSET or an array result
 * (which could reach or spill into any cell) makes every cell fed. `feedAll` turns this off.
 */
export class SheetEngine {
  readonly model: SheetModel;
  /** How often an incremental update failed and the engine rebuilt itself (should stay 0). */
  readonly stats = { rebuilds: 0 };
  private hf!: HyperFormula;
  private sheets = new Map<string, EngineSheet>();
  private sheetByHfId = new Map<number, string>();
  private formulas = new Map<string, FormulaEntry>();
  /**
   * Reverse indexes (sheet pointed into → formulas; sheet holding → formulas), built on the
   * first structural change only: loading and cell edits never need them.
   */
  private index: { bySheet: Map<string, Set<string>>; located: Map<string, Set<string>> } | null = null;
  /** Rewriting contexts per sheet (HyperFormula's sheet names, the model's positions). */
  private contexts = new Map<string, RefContext>();
  private listeners = new Set<(e: EngineChange) => void>();
  private pendingValues: ExportedChange[] = [];
  private nameCounter = 0;
  private readonly feedAll: boolean;
  /** A formula with OFFSET or an array result exists: every cell is fed. */
  private dynamic = false;
  /** Formulas registered during the current apply (their columns may need feeding). */
  private registered: FormulaEntry[] = [];
  private readonly unsubscribe: () => void;

  constructor(model: SheetModel, opts: { feedAll?: boolean } = {}) {
    this.model = model;
    this.feedAll = opts.feedAll ?? false;
    this.build();
    this.unsubscribe = model.onChange((change) => this.apply(change));
  }

  destroy(): void {
    this.unsubscribe();
    this.listeners.clear();
    this.hf.destroy();
  }

  /** Called after the engine applied a model change; the grid re-renders from here. */
  onChange(listener: (e: EngineChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getValue(sheetId: string, row: number, col: number): EvaluatedValue {
    const s = this.sheet(sheetId);
    const unfed = this.unfedCell(sheetId, s, row, col);
    return unfed !== FED ? plainValue(unfed) : toEvaluated(this.hf.getCellValue({ sheet: s.hfId, row, col }));
  }

  getValues(range: CellRange): EvaluatedValue[][] {
    const s = this.sheet(range.sheetId);
    const values = this.hf.getRangeValues({ start: { sheet: s.hfId, ...range.start }, end: { sheet: s.hfId, ...range.end } }).map((line) => line.map(toEvaluated));
    return this.withUnfed(range.sheetId, s, values, range.start.row, range.start.col);
  }

  /** Every evaluated value of a sheet, rows × columns of the model (for exports). */
  getSheetValues(sheetId: string): EvaluatedValue[][] {
    const s = this.sheet(sheetId);
    const values = this.hf.getSheetValues(s.hfId);
    const g = s.geometry;
    return this.withUnfed(sheetId, s, g.rowIds.map((_, r) => g.colIds.map((__, c) => toEvaluated(values[r]?.[c]))), 0, 0);
  }

  /** `B3`, `A1:C4` or `'Mein Blatt'!A1:B2` (sheet names as users see them). */
  getValuesA1(ref: string, defaultSheetId?: string): EvaluatedValue[][] {
    return this.getValues(this.model.resolveRange(ref, defaultSheetId));
  }

  /** How a value should be shown: HyperFormula infers dates, percentages and currency. */
  getValueFormat(sheetId: string, row: number, col: number): ValueFormat {
    const s = this.sheet(sheetId);
    const unfed = this.unfedCell(sheetId, s, row, col);
    return unfed !== FED ? plainFormat(unfed) : (FORMATS[this.hf.getCellValueDetailedType({ sheet: s.hfId, row, col })] ?? 'number');
  }

  /** Throws the whole HyperFormula instance away and builds it again from the model. */
  rebuild(): void {
    this.hf.destroy();
    this.build();
    this.emit({ model: null, values: [], rebuilt: true });
  }

  // ── building ────────────────────────────────────────────────────────────────────────────

  private build(): void {
    this.sheets.clear();
    this.sheetByHfId.clear();
    this.formulas.clear();
    this.index = null;
    this.dynamic = false;
    const ids = this.model.sheetIds();
    for (const id of ids) this.sheets.set(id, { hfId: -1, hfName: this.newName(), geometry: this.model.geometry(id), fed: this.feedAll ? 'all' : new Set() });
    const content: Record<string, RawCellContent[][]> = {};
    for (const id of ids) content[this.sheets.get(id)!.hfName] = this.sheetContent(id, true);
    // Which columns formulas read is known once every formula is registered.
    this.markFed(this.formulas.values());
    for (const id of ids) this.dropUnfed(this.sheets.get(id)!, content[this.sheets.get(id)!.hfName]);
    this.hf = HyperFormula.buildFromSheets(content, HF_CONFIG);
    for (const [id, s] of this.sheets) {
      s.hfId = this.hf.getSheetId(s.hfName)!;
      this.sheetByHfId.set(s.hfId, id);
    }
    this.registered = [];
    this.hf.on('valuesUpdated', (changes: ExportedChange[]) => this.pendingValues.push(...changes));
  }

  private newName(): string {
    return `S${++this.nameCounter}`;
  }

  /** The sheet's cells as HyperFormula input, registering its formulas. `fresh`: the sheet
   *  has no registered formulas yet, so there is nothing to unregister. */
  private sheetContent(sheetId: string, fresh: boolean): RawCellContent[][] {
    const g = this.model.geometry(sheetId);
    const out: RawCellContent[][] = g.rowIds.map(() => new Array<RawCellContent>(g.colIds.length).fill(null));
    this.model.forEachValue(sheetId, (row, col, v, rowId, colId) => {
      out[row][col] = this.cellContent(sheetId, rowId, colId, v, fresh);
    });
    return out;
  }

  /** A stored value as HyperFormula input; registers or unregisters the cell as a formula. */
  private cellContent(sheetId: string, rowId: string, colId: string, v: RawValue | null | undefined, fresh = false): RawCellContent {
    const formula = typeof v === 'string' && isFormula(v);
    if (!fresh || formula) {
      const key = formulaKey(sheetId, rowId, colId);
      if (!fresh) this.unregister(key);
      if (formula) return this.render(this.register(key, sheetId, rowId, colId, v as string));
    }
    return plainContent(v);
  }

  private register(key: string, sheetId: string, rowId: string, colId: string, stored: string): FormulaEntry {
    const entry: FormulaEntry = { key, sheetId, rowId, colId, formula: parseForEngine(stored) };
    this.formulas.set(key, entry);
    this.registered.push(entry);
    if (this.index) this.indexAdd(this.index, entry);
    return entry;
  }

  private unregister(key: string): void {
    const entry = this.formulas.get(key);
    if (!entry) return;
    this.formulas.delete(key);
    if (!this.index) return;
    for (const s of targetsOf(entry)) removeFrom(this.index.bySheet, s, key);
    removeFrom(this.index.located, entry.sheetId, key);
  }

  private indexAdd(index: NonNullable<SheetEngine['index']>, entry: FormulaEntry): void {
    for (const s of targetsOf(entry)) addTo(index.bySheet, s, entry.key);
    addTo(index.located, entry.sheetId, entry.key);
  }

  private indexes(): NonNullable<SheetEngine['index']> {
    if (!this.index) {
      const index = { bySheet: new Map<string, Set<string>>(), located: new Map<string, Set<string>>() };
      for (const entry of this.formulas.values()) this.indexAdd(index, entry);
      this.index = index;
    }
    return this.index;
  }

  /** Formulas pointing into `sheetId`, all or those matching `test`. */
  private referencing(sheetId: string, test?: (entry: FormulaEntry) => boolean): string[] {
    const out: string[] = [];
    for (const key of this.indexes().bySheet.get(sheetId) ?? []) {
      const entry = this.formulas.get(key);
      if (entry && (!test || test(entry))) out.push(key);
    }
    return out;
  }

  /** Formulas held by `sheetId`. */
  private locatedIn(sheetId: string): string[] {
    return [...(this.indexes().located.get(sheetId) ?? [])];
  }

  private context(sheetId: string): RefContext {
    let ctx = this.contexts.get(sheetId);
    if (!ctx) this.contexts.set(sheetId, (ctx = this.newContext(sheetId)));
    return ctx;
  }

  private newContext(sheetId: string): RefContext {
    return {
      sheetId,
      geometry: (id) => (this.sheets.has(id) && this.model.hasSheet(id) ? this.model.geometry(id) : undefined),
      sheetIdByName: () => undefined,
      sheetName: (id) => this.sheets.get(id)?.hfName,
    };
  }

  private render(entry: FormulaEntry): string {
    return renderForEngine(entry.formula, this.context(entry.sheetId));
  }

  // ── which cells HyperFormula has ───────────────────────────────────────────────────────

  private isFed(s: EngineSheet, colId: string): boolean {
    return s.fed === 'all' || s.fed.has(colId);
  }

  /** The stored value at a position HyperFormula was not given; FED: HyperFormula has it. */
  private unfedCell(sheetId: string, s: EngineSheet, row: number, col: number): RawValue | undefined | typeof FED {
    if (s.fed === 'all') return FED;
    const colId = s.geometry.colIds[col];
    const rowId = s.geometry.rowIds[row];
    if (colId === undefined || rowId === undefined || s.fed.has(colId) || this.formulas.has(formulaKey(sheetId, rowId, colId))) return FED;
    return this.model.getCellById(sheetId, rowId, colId)?.v;
  }

  /** Fills in the values HyperFormula was not given, in a block whose top left is (row0, col0). */
  private withUnfed(sheetId: string, s: EngineSheet, values: EvaluatedValue[][], row0: number, col0: number): EvaluatedValue[][] {
    if (s.fed === 'all') return values;
    const fed = s.fed;
    const g = s.geometry;
    if (row0 === 0 && col0 === 0 && values.length === g.rowIds.length) {
      // The whole sheet: one pass over the stored cells.
      this.model.forEachValue(sheetId, (row, col, v, _rowId, colId) => {
        if (!fed.has(colId) && !isFormula(v) && values[row] && col < values[row].length) values[row][col] = plainValue(v);
      });
      return values;
    }
    values.forEach((line, r) =>
      line.forEach((_, c) => {
        const unfed = this.unfedCell(sheetId, s, row0 + r, col0 + c);
        if (unfed !== FED) line[c] = plainValue(unfed);
      }),
    );
    return values;
  }

  /** Calls `fn` with the columns (or all of them) each reference of `e` reads, per sheet. */
  private reads(e: FormulaEntry, fn: (sheetId: string, cols: readonly string[] | 'all') => void): void {
    for (const slot of e.formula.slots) {
      if (typeof slot === 'string') continue;
      const sheetId = targetOf(e, slot);
      const s = this.sheets.get(sheetId);
      if (!s) continue;
      if (slot.kind === 'rows') {
        fn(sheetId, 'all');
        continue;
      }
      const g = s.geometry;
      const a = slot.c1 ? g.colIndex.get(slot.c1.id) : undefined;
      const b = slot.c2 ? g.colIndex.get(slot.c2.id) : a;
      if (a !== undefined && b !== undefined) fn(sheetId, g.colIds.slice(Math.min(a, b), Math.max(a, b) + 1));
    }
  }

  /** Before content is handed over (build, reload): marks what formulas read, loads nothing. */
  private markFed(entries: Iterable<FormulaEntry>, onlySheet?: string): void {
    for (const e of entries) {
      if (onlySheet === undefined && isDynamic(e.formula)) this.dynamic = true;
      this.reads(e, (sheetId, cols) => {
        const s = this.sheets.get(sheetId)!;
        if ((onlySheet !== undefined && sheetId !== onlySheet) || s.fed === 'all') return;
        if (cols === 'all') s.fed = 'all';
        else for (const c of cols) s.fed.add(c);
      });
    }
    if (this.dynamic) for (const s of this.sheets.values()) s.fed = 'all';
  }

  /** During an update: feeds (and loads) every column these formulas read. */
  private feedFor(entries: Iterable<FormulaEntry>): void {
    for (const e of entries) {
      if (this.formulas.get(e.key) !== e) continue;
      if (!this.dynamic && isDynamic(e.formula)) {
        this.dynamic = true;
        for (const [id, s] of this.sheets) this.feedColumns(id, s, 'all');
      }
      this.reads(e, (sheetId, cols) => this.feedColumns(sheetId, this.sheets.get(sheetId)!, cols));
    }
  }

  private feedColumns(sheetId: string, s: EngineSheet, cols: readonly string[] | 'all'): void {
    if (s.fed === 'all') return;
    const fed = s.fed;
    for (const colId of cols === 'all' ? s.geometry.colIds : cols) {
      if (fed.has(colId)) continue;
      fed.add(colId);
      const col = s.geometry.colIndex.get(colId)!;
      s.geometry.rowIds.forEach((rowId, row) => {
        const v = this.model.getCellById(sheetId, rowId, colId)?.v;
        if (v !== undefined && !isFormula(v)) this.hf.setCellContents({ sheet: s.hfId, row, col }, plainContent(v));
      });
    }
    if (cols === 'all') s.fed = 'all';
  }

  /** Leaves the values of unfed columns out of content about to be handed over. */
  private dropUnfed(s: EngineSheet, content: RawCellContent[][]): void {
    if (s.fed === 'all') return;
    const fed = s.fed;
    const unfed = s.geometry.colIds.flatMap((id, c) => (fed.has(id) ? [] : [c]));
    for (const line of content) for (const c of unfed) if (line[c] !== null && !isRenderedFormula(line[c])) line[c] = null;
  }

  // ── incremental updates ─────────────────────────────────────────────────────────────────

  private apply(change: SheetChange): void {
    this.pendingValues = [];
    this.registered = [];
    const modelValues: ValueChange[] = [];
    try {
      this.hf.batch(() => this.applyChange(change, modelValues));
    } catch {
      // Correctness over speed: an update we could not apply means a full rebuild.
      this.stats.rebuilds++;
      this.hf.destroy();
      this.build();
      this.emit({ model: change, values: [], rebuilt: true });
      return;
    }
    const values: ValueChange[] = modelValues;
    for (const c of this.pendingValues) {
      if (!(c instanceof ExportedCellChange)) continue;
      const sheetId = this.sheetByHfId.get(c.address.sheet);
      if (sheetId !== undefined) values.push({ sheetId, row: c.address.row, col: c.address.col, value: toEvaluated(c.newValue) });
    }
    this.pendingValues = [];
    this.emit({ model: change, values, rebuilt: false });
  }

  private applyChange(change: SheetChange, modelValues: ValueChange[]): void {
    /** Formulas whose text may be stale; checked against HyperFormula once positions are final. */
    const stale = new Set<string>();
    const mark = (keys: Iterable<string> | undefined) => {
      if (keys) for (const k of keys) stale.add(k);
    };

    for (const id of change.removed) {
      const s = this.sheets.get(id);
      if (!s) continue;
      for (const key of this.locatedIn(id)) this.unregister(key);
      this.hf.removeSheet(s.hfId);
      this.sheets.delete(id);
      this.sheetByHfId.delete(s.hfId);
      mark(this.referencing(id));
    }
    const added = change.added.filter((id) => !this.sheets.has(id) && this.model.hasSheet(id));
    for (const id of added) {
      const hfName = this.newName();
      this.hf.addSheet(hfName);
      const hfId = this.hf.getSheetId(hfName)!;
      this.sheets.set(id, { hfId, hfName, geometry: buildGeometry([], []), fed: 'all' });
      this.sheetByHfId.set(hfId, id);
    }
    const reloads = [...change.sheets].filter(([, d]) => d.reset).map(([id]) => id);
    for (const id of [...added, ...reloads]) this.reloadSheet(id, mark);

    for (const [id, d] of change.sheets) {
      if (d.reset || !this.sheets.has(id)) continue;
      if (d.rows) this.restructure(id, 'rows', mark);
      if (d.cols) this.restructure(id, 'cols', mark);
    }

    const fresh = new Set<string>();
    for (const [id, d] of change.sheets) {
      if (d.reset || !this.sheets.has(id) || d.cells.size === 0) continue;
      const s = this.sheets.get(id)!;
      for (const key of d.cells) {
        const ids = splitCellKey(key);
        if (!ids) continue;
        const row = s.geometry.rowIndex.get(ids[0]);
        const col = s.geometry.colIndex.get(ids[1]);
        const fkey = formulaKey(id, ids[0], ids[1]);
        if (row === undefined || col === undefined) {
          this.unregister(fkey);
          continue;
        }
        const v = this.model.getCellById(id, ids[0], ids[1])?.v;
        const wasFormula = this.formulas.has(fkey);
        const content = this.cellContent(id, ids[0], ids[1], v);
        if (isRenderedFormula(content) || this.isFed(s, ids[1])) {
          this.hf.setCellContents({ sheet: s.hfId, row, col }, content);
        } else {
          // A column no formula reads: HyperFormula keeps nothing there, the model has it.
          if (wasFormula) this.hf.setCellContents({ sheet: s.hfId, row, col }, null);
          modelValues.push({ sheetId: id, row, col, value: plainValue(v) });
        }
        fresh.add(fkey);
      }
    }

    // New formulas may read columns HyperFormula does not have yet, and after column changes a
    // range may span columns it did not span before.
    const reach = this.registered;
    this.registered = [];
    for (const [id, d] of change.sheets) {
      if (d.cols && this.sheets.has(id)) for (const key of this.referencing(id, (e) => refersTo(e, id, (ref) => ref.kind !== 'cell'))) reach.push(this.formulas.get(key)!);
    }
    // Formulas pointing at lines that were removed, moved or came back (the undo of a column
    // delete): a removed column stopped being fed, and one that returns must be fed again.
    for (const key of stale) {
      const entry = this.formulas.get(key);
      if (entry) reach.push(entry);
    }
    this.feedFor(reach);

    for (const key of stale) {
      const entry = this.formulas.get(key);
      if (!entry || fresh.has(key)) continue;
      const s = this.sheets.get(entry.sheetId);
      const row = s?.geometry.rowIndex.get(entry.rowId);
      const col = s?.geometry.colIndex.get(entry.colId);
      if (!s || row === undefined || col === undefined) continue;
      const address = { sheet: s.hfId, row, col };
      const text = this.render(entry);
      if (!this.sameFormula(this.hf.getCellFormula(address), text)) this.hf.setCellContents(address, text);
    }
  }

  private sameFormula(current: string | undefined, text: string): boolean {
    if (current === undefined) return false;
    try {
      return this.hf.normalizeFormula(text) === current;
    } catch {
      return current === text;
    }
  }

  /** Replaces a sheet's content from the model (new sheets, replaced sheets, big reorders). */
  private reloadSheet(id: string, mark: (keys: Iterable<string> | undefined) => void): void {
    const s = this.sheets.get(id)!;
    for (const key of this.locatedIn(id)) this.unregister(key);
    s.geometry = this.model.geometry(id);
    const content = this.sheetContent(id, true);
    s.fed = this.feedAll || this.dynamic ? 'all' : new Set();
    this.markFed(this.referencing(id).map((key) => this.formulas.get(key)!), id);
    this.dropUnfed(s, content);
    this.hf.setSheetContent(s.hfId, content);
    // Its own formulas were rendered before other sheets' positions were final; formulas
    // elsewhere still point at the old positions of this sheet.
    mark(this.locatedIn(id));
    mark(this.referencing(id));
  }

  /** Replays an id-array change as HyperFormula row/column operations. */
  private restructure(id: string, dim: 'rows' | 'cols', mark: (keys: Iterable<string> | undefined) => void): void {
    const s = this.sheets.get(id)!;
    const target = this.model.geometry(id);
    const before = dim === 'rows' ? s.geometry.rowIds : s.geometry.colIds;
    const after = dim === 'rows' ? target.rowIds : target.colIds;
    const steps = diffIds(before, after, MAX_MOVE_STEPS);
    if (steps === null) {
      this.reloadSheet(id, mark);
      return;
    }
    if (steps.length === 0) return;
    const lines = dim === 'rows' ? s.geometry.rowIds : s.geometry.colIds;
    const inserted: string[] = [];
    const touched = new Set<string>();
    const straddles = this.moveStraddles(id, dim, before, after, steps);
    // The list as HyperFormula has it while the steps run (for the ids a move takes along).
    const current = before.filter((lineId) => target[dim === 'rows' ? 'rowIndex' : 'colIndex'].has(lineId));
    for (const step of steps) {
      if (step.type === 'remove') {
        for (const lineId of lines.slice(step.index, step.index + step.count)) touched.add(lineId);
        if (dim === 'rows') this.hf.removeRows(s.hfId, [step.index, step.count]);
        else this.hf.removeColumns(s.hfId, [step.index, step.count]);
      } else if (step.type === 'move') {
        if (dim === 'rows') this.hf.moveRows(s.hfId, step.from, step.count, step.to);
        else this.hf.moveColumns(s.hfId, step.from, step.count, step.to);
        for (const lineId of current.slice(step.from, step.from + step.count)) touched.add(lineId);
        current.splice(step.to > step.from ? step.to - step.count : step.to, 0, ...current.splice(step.from, step.count));
      } else {
        if (dim === 'rows') this.hf.addRows(s.hfId, [step.index, step.ids.length]);
        else this.hf.addColumns(s.hfId, [step.index, step.ids.length]);
        for (const lineId of step.ids) touched.add(lineId);
        inserted.push(...step.ids);
      }
    }
    const removedLines = new Set(lines.filter((lineId) => !target[dim === 'rows' ? 'rowIndex' : 'colIndex'].has(lineId)));
    s.geometry = dim === 'rows' ? buildGeometry(after, s.geometry.colIds) : buildGeometry(s.geometry.rowIds, after);
    // Formulas in removed lines are gone. Formulas pointing at removed, moved or (re)inserted
    // lines may change text (`#REF!`, or back from it); after a move, ranges may too, since
    // HyperFormula moves range corners differently from ids.
    for (const key of this.locatedIn(id)) {
      const entry = this.formulas.get(key)!;
      if (removedLines.has(dim === 'rows' ? entry.rowId : entry.colId)) this.unregister(key);
    }
    if (dim === 'cols' && s.fed !== 'all') for (const lineId of removedLines) s.fed.delete(lineId);
    mark(
      this.referencing(
        id,
        (e) =>
          // HyperFormula turns OFFSET into a plain reference when parsing and adjusts that
          // differently from a fresh parse; such formulas are compared after every change.
          isDynamic(e.formula) ||
          refersTo(e, id, (ref) => namesAny(ref, touched)) ||
          (refersTo(e, id, (ref) => ref.kind !== 'cell') && straddles(e)) ||
          refersTo(e, id, (ref) => ref.kind === (dim === 'rows' ? 'cols' : 'rows')),
      ),
    );
    // Cells that already exist in inserted lines (undo of a delete, or a remote edit that
    // arrived before the insert itself).
    const others = dim === 'rows' ? s.geometry.colIds : s.geometry.rowIds;
    for (const lineId of inserted) {
      for (const other of others) {
        const [rowId, colId] = dim === 'rows' ? [lineId, other] : [other, lineId];
        const cell = this.model.getCellById(id, rowId, colId);
        if (!cell) continue;
        const content = this.cellContent(id, rowId, colId, cell.v);
        if (!isRenderedFormula(content) && !this.isFed(s, colId)) continue;
        const address = { sheet: s.hfId, row: s.geometry.rowIndex.get(rowId)!, col: s.geometry.colIndex.get(colId)! };
        this.hf.setCellContents(address, content);
        if (isRenderedFormula(content)) mark([formulaKey(id, rowId, colId)]);
      }
    }
  }

  /**
   * Which range formulas a move can change differently under HyperFormula than under ids. A
   * single move (run [from, from+count) to before `to`) shifts three blocks uniformly; a range
   * inside one block, or around all of them, stays the same in both. A range with a corner in
   * different blocks, or any range when there are several moves, is checked.
   */
  private moveStraddles(id: string, dim: 'rows' | 'cols', before: readonly string[], after: readonly string[], steps: IdListStep[]): (e: FormulaEntry) => boolean {
    const moves = steps.filter((step) => step.type === 'move');
    if (moves.length === 0) return () => false;
    if (moves.length > 1) return () => true;
    const { from, count, to } = moves[0];
    const afterSet = new Set(after);
    const position = new Map<string, number>();
    for (const lineId of before) if (afterSet.has(lineId)) position.set(lineId, position.size);
    // Block 2 is the moved run, block 1 what it jumps over, block 0 everything else.
    const [lo, hi] = to < from ? [to, from + count] : [from, to];
    const block = (p: number) => (p < lo || p >= hi ? 0 : p >= from && p < from + count ? 2 : 1);
    const kindInDim = dim === 'rows' ? 'rows' : 'cols';
    return (e) =>
      engineRefs(e.formula).some((ref) => {
        if ((ref.kind !== 'range' && ref.kind !== kindInDim) || (ref.sheetId ?? e.sheetId) !== id) return false;
        const [a, b] = dim === 'rows' ? [ref.r1, ref.r2] : [ref.c1, ref.c2];
        const p = a ? position.get(a.id) : undefined;
        const q = b ? position.get(b.id) : undefined;
        return p === undefined || q === undefined || block(p) !== block(q);
      });
  }

  private sheet(sheetId: string): EngineSheet {
    const s = this.sheets.get(sheetId);
    if (!s) throw notFound('Sheet');
    return s;
  }

  private emit(e: EngineChange): void {
    for (const listener of this.listeners) listener(e);
  }
}
