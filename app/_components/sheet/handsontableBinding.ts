'use client';

// The one module that knows Handsontable: it binds a grid to the sheet model and engine.
import Handsontable from 'handsontable/base';
import { registerAllModules } from 'handsontable/registry';
import { deDE, registerLanguageDictionary } from 'handsontable/i18n';
import { checkboxRenderer } from 'handsontable/renderers';
import type { Awareness } from 'y-protocols/awareness';
import type { SheetModel } from '@/lib/sheet/SheetModel';
import type { SheetEngine, EvaluatedValue } from '@/lib/sheet/SheetEngine';
import type { SheetChange } from '@/lib/sheet/changes';
import type { CellStyle, ColumnMeta } from '@/lib/sheet/types';
import { validateCell } from '@/lib/sheet/validation';
import { shiftRawValue } from '@/lib/sheet/formulaFill';
import { toDisplayInput } from '@/lib/sheet/input';
import { cellStyleCss, formatCellValue, isNamedNumberFormat, storedShownValue } from '@/lib/sheet/display';
import { compareShown, sortCollator } from '@/lib/sheet/sortOrder';
import 'handsontable/styles/handsontable.min.css';
import 'handsontable/styles/ht-theme-main.min.css';

registerAllModules();
// The grid's own menus (filters, sorting) speak the interface's language; English is built in.
// The shipped German calls filtering by value "Nach Zahlen filtern" (by numbers).
const dictionaryKeys = Handsontable.languages.dictionaryKeys as Record<string, string>;
registerLanguageDictionary({ ...deDE, [dictionaryKeys.FILTERS_DIVS_FILTER_BY_VALUE]: 'Nach Werten filtern' });

export interface GridLabels {
  insertRowAbove: string;
  insertRowBelow: string;
  insertColLeft: string;
  insertColRight: string;
  deleteRows: string;
  deleteCols: string;
  moveRowUp: string;
  moveRowDown: string;
  moveColLeft: string;
  moveColRight: string;
  gridLabel: string;
  /** Appended to the header of a row this user may not change. */
  lockedRow: string;
}

export interface RemoteSelection {
  clientId: number;
  name: string;
  color: string;
  sheetId: string;
  r1: string;
  c1: string;
  r2: string;
  c2: string;
}

export interface GridSelection {
  row: number;
  col: number;
  row2: number;
  col2: number;
}

export interface GridBindingOptions {
  model: SheetModel;
  engine: SheetEngine | null;
  sheetId: string;
  locale: string;
  licenseKey: string;
  readOnly: boolean;
  /** True when the row's owner group keeps this user out (row ownership; the server enforces it). */
  rowLocked?: (ownerGroupId: string) => boolean;
  labels: GridLabels;
  awareness: Awareness;
  undo: () => void;
  redo: () => void;
  onSelection: (sel: GridSelection | null) => void;
  /** Called once, after the grid first painted rows. */
  onPainted?: () => void;
}

export interface GridBinding {
  /** The engine arrives after the first paint; until then formulas show as pending. */
  setEngine(engine: SheetEngine | null): void;
  setSheet(sheetId: string): void;
  selection(): GridSelection | null;
  /** Physical (model) rows/columns of the current selection, top-left first. */
  selectedRange(): GridSelection | null;
  focus(): void;
  destroy(): void;
}

export function bindGrid(container: HTMLElement, opts: GridBindingOptions): GridBinding {
  const { model, locale } = opts;
  const collator = sortCollator(locale);
  let sheetId = opts.sheetId;
  let engine: SheetEngine | null = opts.engine;
  let headerRows = model.getFrozen(sheetId).rows;
  let painted = false;
  let remote = new Map<string, RemoteSelection & { first: boolean }>();
  let renderQueued = false;

  // Column facts are read for every rendered cell; cache them until the columns change.
  let colMetaCache = new Map<number, ColumnMeta>();
  const colMeta = (col: number): ColumnMeta => {
    let m = colMetaCache.get(col);
    if (!m) colMetaCache.set(col, (m = model.getColumnMeta(sheetId, col)));
    return m;
  };
  const isCheckbox = (col: number) => colMeta(col).type === 'checkbox';

  // Rows are handed to the grid as index objects and cells are read through column getters, so
  // opening a sheet costs nothing per cell: only what is on screen is ever read.
  type RowRef = { r: number };
  function rowRefs(): RowRef[] {
    return Array.from({ length: model.rowCount(sheetId) }, (_, r) => ({ r }));
  }

  // While the grid sorts or filters it reads what cells show, not their input text: formulas by
  // result, numbers as numbers. Counted, since these spans can nest: sorting (before- to
  // afterColumnSort, one call), filtering (before- to afterFilter), an open filter menu (its lists
  // of values) and the filter's refresh of those lists after an edit (in afterChange).
  let readingShown = 0;
  let menuOpen = false;

  function columns(): Handsontable.ColumnSettings[] {
    return Array.from({ length: model.colCount(sheetId) }, (_, c) => ({
      data: (row: unknown, value?: unknown) => {
        // Writes reach the model in afterChange; the grid's copy is never the truth.
        if (value !== undefined) return undefined;
        const r = (row as RowRef).r;
        if (readingShown > 0) return shownValue(r, c) ?? null;
        return isCheckbox(c) ? model.getValue(sheetId, r, c) === true : model.getInput(sheetId, r, c, locale);
      },
    }));
  }

  /** A cell's value to show: evaluated once the engine exists, until then what is stored. */
  function shownValue(row: number, col: number): EvaluatedValue | undefined {
    if (engine) return engine.getValue(sheetId, row, col);
    return storedShownValue(model.getValue(sheetId, row, col));
  }

  /** The text a cell shows for its value. Dates are numbers to the engine; only it knows which are. */
  function shownText(value: EvaluatedValue, row: number, col: number, style: CellStyle | undefined): string {
    const format = engine && typeof value === 'number' && !isNamedNumberFormat(style?.numberFormat) ? engine.getValueFormat(sheetId, row, col) : undefined;
    return formatCellValue(value, locale, style, format);
  }

  // The title and the remote caret's name each cell element last showed: scrolling re-renders
  // every visible cell per frame, and unchanged elements must not be written. (Its style and
  // classes cannot be kept this way: the grid removes both before rendering a cell.)
  const looks = new WeakMap<HTMLTableCellElement, string>();

  function setClass(td: HTMLTableCellElement, name: string, on: boolean) {
    if (td.classList.contains(name) !== on) td.classList.toggle(name, on);
  }

  function setAttr(td: HTMLTableCellElement, name: string, value: string | null) {
    if (value === null) {
      if (td.hasAttribute(name)) td.removeAttribute(name);
    } else if (td.getAttribute(name) !== value) td.setAttribute(name, value);
  }

  // What the grid's base renderer does for the cells we render, without its arrays per call: a
  // quickly scrolled sheet renders some 40,000 cells, those arrays were a third of what the
  // scroll allocated, and each collection of a large sheet's heap stalls a frame.
  function baseCell(td: HTMLTableCellElement, cp: Handsontable.CellProperties) {
    (cp as { _isBaseRendererCalled?: boolean })._isBaseRendererCalled = true;
    if (typeof cp.className === 'string' && cp.className) setClass(td, cp.className, true);
    else if (Array.isArray(cp.className)) for (const name of cp.className) setClass(td, name, true);
    setClass(td, cp.readOnlyCellClassName ?? 'htDimmed', !!cp.readOnly);
    setClass(td, cp.noWordWrapClassName ?? 'htNoWrap', cp.wordWrap === false);
    if (cp.ariaTags !== false) setAttr(td, 'aria-readonly', cp.readOnly ? 'true' : null);
  }

  // Numbers align right by the htRight class, so the style never needs the numeric alignment.
  function cellCss(style: CellStyle | undefined, sel: RemoteSelection | undefined, optionBackground: string | undefined): string {
    const css = cellStyleCss(style, false, optionBackground);
    return sel ? `${css}--remote-color:${sel.color};` : css;
  }

  function renderer(this: unknown, instance: Handsontable.Core, td: HTMLTableCellElement, row: number, col: number, prop: string | number, value: unknown, cp: Handsontable.CellProperties) {
    const pr = instance.toPhysicalRow(row);
    const pc = instance.toPhysicalColumn(col);
    const meta = colMeta(pc);
    const style = model.getStyle(sheetId, pr, pc);
    let shown: EvaluatedValue | undefined = null;
    if (meta.type === 'checkbox') {
      checkboxRenderer.call(this, instance, td, row, col, prop, value, cp);
      looks.set(td, '\u0001'); // unknown after the checkbox renderer: written again below
    } else {
      baseCell(td, cp);
      shown = shownValue(pr, pc);
      // A formula whose result is still being computed shows as pending, not as empty.
      setClass(td, 'pending', shown === undefined);
      const text = shown === undefined ? '…' : shownText(shown, pr, pc, style);
      const only = td.firstChild;
      if (!only || only.nodeType !== Node.TEXT_NODE || only.nextSibling || only.nodeValue !== text) td.textContent = text;
    }
    // Only typed or validated columns can hold invalid cells.
    // Frozen top rows are the sheet's headings: a column's type and rule apply below them.
    const raw = engine && (meta.type || meta.validation) && pr >= headerRows ? model.getValue(sheetId, pr, pc) : null;
    const invalid = raw !== null && !validateCell(raw, meta, engine!.getValue(sheetId, pr, pc)).valid;
    setClass(td, 'htInvalid', invalid);
    setAttr(td, 'aria-invalid', invalid ? 'true' : null);
    const comment = model.getComment(sheetId, pr, pc);
    setClass(td, 'has-comment', !!comment);
    const sel = remote.size ? remote.get(`${pr}:${pc}`) : undefined;
    setClass(td, 'remote-sel', !!sel);
    // Numbers align right by class, not inline style: cells without a style of their own then
    // share their computed style.
    setClass(td, 'htRight', typeof shown === 'number' && !style?.align);
    // Options can carry a colour (an Ampel status, "strittig"): shown unless the cell has its own.
    const optionColor = meta.optionColors && typeof shown === 'string' ? meta.optionColors[shown] : undefined;
    const css = style || sel || optionColor ? cellCss(style, sel, optionColor) : '';
    if (css) td.style.cssText = css;
    const title = comment ? `${comment.author}: ${comment.text}` : '';
    const look = title || sel?.first ? `${title}\u0000${sel?.first ? sel.name : ''}` : '';
    if ((looks.get(td) ?? '') === look) return;
    looks.set(td, look);
    if (title) td.title = title;
    else td.removeAttribute('title');
    if (sel?.first) td.dataset.remoteName = sel.name;
    else delete td.dataset.remoteName;
  }

  // One cell-meta object per column kind: the grid asks for every rendered cell on every frame.
  const cellKinds = new Map<number, Handsontable.CellMeta>();
  function lockedRow(row: number): boolean {
    const owner = opts.rowLocked && row >= 0 && row < model.rowCount(sheetId) ? model.getRowMeta(sheetId, row).owner : undefined;
    return owner !== undefined && opts.rowLocked!(owner);
  }

  function cellsFor(row: number, col: number): Handsontable.CellMeta {
    const kind = kindFor(col);
    return lockedRow(row) ? { ...kind, readOnly: true, className: 'row-locked' } : kind;
  }

  function kindFor(col: number): Handsontable.CellMeta {
    let kind = cellKinds.get(col);
    if (kind) return kind;
    const meta = colMeta(col);
    // A number column with options (Reifegrad 0–4) offers them too and still stores numbers.
    if (meta.type === 'select' || (meta.type === 'number' && meta.options?.length)) kind = { type: 'dropdown', source: meta.options ?? [], renderer, strict: false };
    else if (meta.type === 'checkbox') kind = { type: 'checkbox', renderer };
    else kind = { type: 'text', renderer };
    cellKinds.set(col, kind);
    return kind;
  }

  const frozen = () => model.getFrozen(sheetId);
  let constructed = false;

  const hot: Handsontable = new Handsontable(container, {
    data: rowRefs(),
    columns: columns(),
    licenseKey: opts.licenseKey,
    themeName: 'ht-theme-main',
    language: locale === 'de' ? deDE.languageCode : 'en-US',
    // The core CSS is imported above; injected again it would be a second copy of ~700 rules that
    // every cell's style is matched against on every scrolled frame (and an inline style the CSP
    // would have to allow).
    injectCoreCss: false,
    // A locked row says so in its header, for sighted users and screen readers alike.
    rowHeaders: (visual: number): string => {
      const n = String(visual + 1);
      // The first paint happens inside the constructor, before `hot` is assigned.
      return lockedRow(constructed ? hot.toPhysicalRow(visual) : visual) ? `${n} ${opts.labels.lockedRow}` : n;
    },
    colHeaders: true,
    width: '100%',
    height: '100%',
    readOnly: opts.readOnly,
    // Undo belongs to Y.UndoManager (only this user's changes), never to the grid.
    undo: false,
    columnSorting: {
      compareFunctionFactory: (sortOrder: 'asc' | 'desc') => compareShown(sortOrder === 'asc' ? 1 : -1, collator),
    },
    beforeColumnSort() {
      readingShown++;
    },
    afterColumnSort() {
      readingShown--;
    },
    filters: true,
    beforeFilter() {
      readingShown++;
    },
    afterFilter() {
      readingShown--;
    },
    beforeDropdownMenuShow() {
      if (!menuOpen) readingShown++;
      menuOpen = true;
    },
    afterDropdownMenuHide() {
      if (menuOpen) readingShown--;
      menuOpen = false;
    },
    beforeChange() {
      // Until the change's hooks have run (the filter refreshes its value lists in afterChange).
      readingShown++;
      queueMicrotask(() => readingShown--);
    },
    // The filter's list of values shows them as the cells do.
    modifyFiltersMultiSelectValue(visual: string, meta: Handsontable.CellProperties): string {
      // Typed as text, but it is the value itself (numbers, truth values) except for empty cells.
      const value = visual as unknown;
      if (typeof meta?.row !== 'number' || typeof meta.col !== 'number') return visual;
      if (typeof value !== 'number' && typeof value !== 'boolean' && (typeof value !== 'string' || value === '')) return visual;
      return shownText(value, meta.row, meta.col, model.getStyle(sheetId, meta.row, meta.col));
    },
    dropdownMenu: ['filter_by_condition', 'filter_by_value', 'filter_action_bar'],
    manualColumnResize: !opts.readOnly,
    fillHandle: opts.readOnly ? false : { autoInsertRow: false },
    fixedRowsTop: frozen().rows,
    fixedColumnsStart: frozen().cols,
    colWidths: (c: number) => colMeta(c).width ?? 110,
    cells: (_r: number, c: number) => cellsFor(_r, c),
    outsideClickDeselects: false,
    // Like other spreadsheets, text stays on one line unless the row is made taller; wrapping
    // every cell also made each scrolled frame measure and reflow all visible rows.
    wordWrap: false,
    autoWrapRow: true,
    autoWrapCol: true,
    contextMenu: opts.readOnly
      ? false
      : {
          items: {
            insertRowAbove: { name: opts.labels.insertRowAbove, callback: () => structural((r) => model.insertRows(sheetId, r.row, 1)) },
            insertRowBelow: { name: opts.labels.insertRowBelow, callback: () => structural((r) => model.insertRows(sheetId, r.row2 + 1, 1)) },
            sep1: '---------',
            insertColLeft: { name: opts.labels.insertColLeft, callback: () => structural((r) => model.insertCols(sheetId, r.col, 1)) },
            insertColRight: { name: opts.labels.insertColRight, callback: () => structural((r) => model.insertCols(sheetId, r.col2 + 1, 1)) },
            sep2: '---------',
            moveRowUp: { name: opts.labels.moveRowUp, callback: () => structural((r) => r.row > 0 && model.moveRows(sheetId, r.row, r.row2 - r.row + 1, r.row - 1)) },
            moveRowDown: { name: opts.labels.moveRowDown, callback: () => structural((r) => r.row2 + 1 < model.rowCount(sheetId) && model.moveRows(sheetId, r.row, r.row2 - r.row + 1, r.row2 + 2)) },
            moveColLeft: { name: opts.labels.moveColLeft, callback: () => structural((r) => r.col > 0 && model.moveCols(sheetId, r.col, r.col2 - r.col + 1, r.col - 1)) },
            moveColRight: { name: opts.labels.moveColRight, callback: () => structural((r) => r.col2 + 1 < model.colCount(sheetId) && model.moveCols(sheetId, r.col, r.col2 - r.col + 1, r.col2 + 2)) },
            sep3: '---------',
            deleteRows: { name: opts.labels.deleteRows, callback: () => structural((r) => model.deleteRows(sheetId, r.row, r.row2 - r.row + 1)) },
            deleteCols: { name: opts.labels.deleteCols, callback: () => structural((r) => model.deleteCols(sheetId, r.col, r.col2 - r.col + 1)) },
          },
        },
    afterChange(changes, source) {
      if (!changes || (source as string) === 'loadData' || (source as string) === 'updateData') return;
      model.transact(() => {
        for (const [row, prop, , next] of changes) {
          const pr = hot.toPhysicalRow(row);
          const pc = hot.toPhysicalColumn(hot.propToCol(prop as string | number));
          if (pr < 0 || pc < 0 || pr >= model.rowCount(sheetId) || pc >= model.colCount(sheetId)) continue;
          if (isCheckbox(pc)) model.setValue(sheetId, pr, pc, next === true);
          else model.setInput(sheetId, pr, pc, next === null || next === undefined ? '' : String(next), locale);
        }
      });
    },
    beforeAutofill(selectionData, sourceRange, targetRange) {
      // Relative references move with the fill, absolute ones stay (the model's rule).
      const s0 = sourceRange.getTopStartCorner();
      const t0 = targetRange.getTopStartCorner();
      const src = { row: s0.row ?? 0, col: s0.col ?? 0 };
      const tgt = { row: t0.row ?? 0, col: t0.col ?? 0 };
      const h = selectionData.length;
      const w = selectionData[0]?.length ?? 1;
      const rows = targetRange.getHeight();
      const cols = targetRange.getWidth();
      const ctx = model.refContext(sheetId);
      const out: unknown[][] = [];
      for (let r = 0; r < rows; r++) {
        const line: unknown[] = [];
        for (let c = 0; c < cols; c++) {
          const sr = hot.toPhysicalRow(src.row + (r % h));
          const sc = hot.toPhysicalColumn(src.col + (c % w));
          const v = model.getValue(sheetId, sr, sc);
          const shifted = v === null ? null : shiftRawValue(v, { rows: tgt.row + r - (src.row + (r % h)), cols: tgt.col + c - (src.col + (c % w)) }, ctx);
          const tc = hot.toPhysicalColumn(tgt.col + c);
          line.push(isCheckbox(tc) ? shifted === true : shifted === null ? '' : toEditor(shifted, tc));
        }
        out.push(line);
      }
      return out;
    },
    beforeKeyDown(event: KeyboardEvent) {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod) return;
      const key = event.key.toLowerCase();
      if (key === 'z' || key === 'y') {
        event.preventDefault();
        event.stopImmediatePropagation();
        if (key === 'y' || event.shiftKey) opts.redo();
        else opts.undo();
      }
    },
    afterColumnResize(size: number, col: number) {
      const pc = hot.toPhysicalColumn(col);
      model.setColumnMeta(sheetId, pc, { ...model.getColumnMeta(sheetId, pc), width: Math.round(size) });
    },
    afterRender(this: Handsontable.Core) {
      // The first paint with visible rows (the grid measures its box first, so this can take
      // a frame or two): the expensive engine build waits for it.
      // `this`: the hook also runs inside the constructor, before `hot` is assigned.
      if (!painted && (this.countRenderedRows() > 0 || model.rowCount(sheetId) === 0)) {
        painted = true;
        opts.onPainted?.();
      }
    },
    afterSelectionEnd(row, col, row2, col2) {
      publishSelection(row, col, row2, col2);
      opts.onSelection({ row, col, row2, col2 });
    },
  });
  constructed = true;

  function toEditor(v: string | number | boolean, col: number): string {
    return toDisplayInput(v, locale, model.inputContext(sheetId, col));
  }

  function selectedPhysical(): GridSelection | null {
    const last = hot.getSelectedRangeLast();
    if (!last) return null;
    const a = last.getTopStartCorner();
    const b = last.getBottomEndCorner();
    const rows = [hot.toPhysicalRow(Math.max(0, a.row ?? 0)), hot.toPhysicalRow(Math.max(0, b.row ?? 0))];
    const cols = [hot.toPhysicalColumn(Math.max(0, a.col ?? 0)), hot.toPhysicalColumn(Math.max(0, b.col ?? 0))];
    return { row: Math.min(...rows), row2: Math.max(...rows), col: Math.min(...cols), col2: Math.max(...cols) };
  }

  function structural(fn: (r: GridSelection) => unknown) {
    const r = selectedPhysical();
    if (r) fn(r);
  }

  function publishSelection(row: number, col: number, row2: number, col2: number) {
    const g = model.geometry(sheetId);
    const pr1 = hot.toPhysicalRow(Math.max(0, Math.min(row, row2)));
    const pr2 = hot.toPhysicalRow(Math.max(0, Math.max(row, row2)));
    const pc1 = hot.toPhysicalColumn(Math.max(0, Math.min(col, col2)));
    const pc2 = hot.toPhysicalColumn(Math.max(0, Math.max(col, col2)));
    const ids = [g.rowIds[pr1], g.colIds[pc1], g.rowIds[pr2], g.colIds[pc2]];
    if (ids.some((x) => x === undefined)) return;
    opts.awareness.setLocalStateField('sheetSel', { sheetId, r1: ids[0], c1: ids[1], r2: ids[2], c2: ids[3] });
  }

  function readRemote() {
    const g = model.geometry(sheetId);
    const next = new Map<string, RemoteSelection & { first: boolean }>();
    opts.awareness.getStates().forEach((state, clientId) => {
      if (clientId === opts.awareness.clientID) return;
      const sel = state.sheetSel as RemoteSelection | undefined;
      const user = state.user as { name?: string; color?: string } | undefined;
      if (!sel || sel.sheetId !== sheetId || !user?.name) return;
      const r1 = g.rowIndex.get(sel.r1);
      const r2 = g.rowIndex.get(sel.r2);
      const c1 = g.colIndex.get(sel.c1);
      const c2 = g.colIndex.get(sel.c2);
      if (r1 === undefined || r2 === undefined || c1 === undefined || c2 === undefined) return;
      // Large selections are outlined only at their first 500 cells; enough to see where someone is.
      let n = 0;
      for (let r = r1; r <= r2 && n < 500; r++) for (let c = c1; c <= c2 && n < 500; c++, n++) {
        next.set(`${r}:${c}`, { ...sel, clientId, name: user.name, color: user.color ?? '#555', first: r === r1 && c === c1 });
      }
    });
    remote = next;
    queueRender();
  }

  function queueRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => {
      renderQueued = false;
      if (!hot.isDestroyed) hot.render();
    });
  }

  function reload() {
    colMetaCache = new Map();
    cellKinds.clear();
    headerRows = frozen().rows;
    hot.updateSettings({ columns: columns(), fixedRowsTop: frozen().rows, fixedColumnsStart: frozen().cols });
    hot.updateData(rowRefs());
    readRemote();
  }

  const offModel = model.onChange((change: SheetChange) => {
    if (hot.isDestroyed) return;
    if (change.removed.includes(sheetId)) return; // the editor switches tabs
    const delta = change.sheets.get(sheetId);
    if (!delta) return;
    if (delta.reset || delta.rows || delta.cols || delta.props.size || delta.colMeta.size) {
      reload();
      return;
    }
    queueRender();
  });
  let offEngine = engine ? engine.onChange(() => queueRender()) : () => undefined;
  const onAwareness = () => readRemote();
  opts.awareness.on('change', onAwareness);
  readRemote();

  return {
    setEngine(next: SheetEngine | null) {
      if (next === engine) return;
      offEngine();
      engine = next;
      offEngine = engine ? engine.onChange(() => queueRender()) : () => undefined;
      queueRender();
    },
    setSheet(id: string) {
      sheetId = id;
      hot.deselectCell();
      reload();
    },
    selection() {
      const s = hot.getSelectedLast();
      return s ? { row: s[0], col: s[1], row2: s[2], col2: s[3] } : null;
    },
    selectedRange: selectedPhysical,
    focus() {
      if (!hot.getSelectedLast()) hot.selectCell(0, 0);
      hot.listen();
    },
    destroy() {
      offModel();
      offEngine();
      opts.awareness.off('change', onAwareness);
      opts.awareness.setLocalStateField('sheetSel', null);
      hot.destroy();
    },
  };
}
