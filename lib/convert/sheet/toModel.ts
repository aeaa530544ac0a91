import type { SheetModel } from '../../sheet/SheetModel';
import { formulaToStored } from '../../sheet/formulaRefs';
import { cellStyleSchema, sheetNameSchema, type CellStyle, type RawValue } from '../../sheet/types';
import { tooLarge } from '../errors';
import { renameSheetsInFormula } from './formulaText';
import { SHEET_IMPORT_LIMITS, type SheetLimits } from './limits';
import { clampWidth } from './units';
import { sheetExtent, styleKey, type SheetData, type WorkbookData } from './workbook';

/** Room to type into, as a new sheet has (SheetModel's defaults). */
const MIN_ROWS = 100;
const MIN_COLS = 26;

interface PlannedSheet {
  data: SheetData;
  name: string;
  rows: number;
  cols: number;
  cells: Array<{ row: number; col: number; value: RawValue | null; formula?: string; style?: CellStyle }>;
}

export interface WorkbookPlan {
  sheets: PlannedSheet[];
}

/** A sheet name the model accepts: forbidden characters replaced, at most 31 characters. */
function cleanName(name: string): string {
  const cleaned = name
    .replace(/[[\]:*?/\\]/g, '_')
    .trim()
    .replace(/^'+|'+$/g, '')
    .slice(0, 31)
    .trim();
  return sheetNameSchema.safeParse(cleaned).success ? cleaned : 'Tabelle';
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = `${base.slice(0, 31 - suffix.length)}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** Keeps the style properties the model accepts and drops the rest (colours in other notations …). */
function cleanStyle(style: CellStyle | undefined): CellStyle | undefined {
  if (!style) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(style)) {
    const one = cellStyleSchema.safeParse({ [k]: v });
    if (one.success) Object.assign(out, one.data);
  }
  return Object.keys(out).length ? (out as CellStyle) : undefined;
}

/** A constant as the model stores it: text that starts like a formula or with `'` is escaped. */
function storedConstant(v: SheetData['cells'][number]['value']): RawValue | null {
  if (v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (v === '') return null;
  return v.startsWith('=') || v.startsWith("'") ? `'${v}` : v;
}

/**
 * Checks and prepares everything before the document is touched: names that do not clash with
 * `existingNames` or each other, sizes within the limits, styles the model accepts, formulas
 * pointed at renamed sheets. A Yjs transaction cannot be rolled back, so what could fail fails
 * here.
 */
export function planWorkbook(wb: WorkbookData, existingNames: readonly string[], limits: SheetLimits = SHEET_IMPORT_LIMITS): WorkbookPlan {
  if (wb.sheets.length > limits.maxSheets) throw tooLarge(`The file has more than ${limits.maxSheets} sheets`);
  const taken = new Set(existingNames.map((n) => n.toLowerCase()));
  const renamed = new Map<string, string>();
  const names = wb.sheets.map((s) => {
    const name = uniqueName(cleanName(s.name), taken);
    if (name !== s.name) renamed.set(s.name.toLowerCase(), name);
    return name;
  });
  const sheets = wb.sheets.map((data, i): PlannedSheet => {
    const extent = sheetExtent(data);
    const rows = Math.max(extent.rows, MIN_ROWS, data.frozen.rows + 1);
    const cols = Math.max(extent.cols, MIN_COLS, data.colWidths.length, data.frozen.cols + 1);
    if (rows > limits.maxRows) throw tooLarge(`Sheet "${data.name}" has more than ${limits.maxRows} rows`);
    if (cols > limits.maxCols) throw tooLarge(`Sheet "${data.name}" has more than ${limits.maxCols} columns`);
    const cells = data.cells.map((c) => {
      const style = cleanStyle(c.style);
      const formula = c.formula !== undefined && c.formula.length > 1 ? renameSheetsInFormula(c.formula, renamed) : undefined;
      return { row: c.row, col: c.col, value: storedConstant(c.value), ...(formula ? { formula } : {}), ...(style ? { style } : {}) };
    });
    return { data: { ...data, colWidths: data.colWidths.map(clampWidth) }, name: names[i], rows, cols, cells };
  });
  return { sheets };
}

/**
 * Writes planned sheets into the model as new tabs, inside the caller's transaction. With `title`
 * the document is new and the first planned sheet becomes its first sheet. Returns the new ids.
 */
export function applyWorkbook(model: SheetModel, plan: WorkbookPlan, opts: { title?: string } = {}): string[] {
  const ids = plan.sheets.map((s, i) => {
    if (i === 0 && opts.title !== undefined && !model.isInitialized()) {
      model.initialize({ title: opts.title, name: s.name, rows: s.rows, cols: s.cols });
      return model.sheetIds()[0];
    }
    return model.addSheet({ name: s.name, rows: s.rows, cols: s.cols });
  });
  // Every sheet exists before any formula is stored, so references between them resolve.
  plan.sheets.forEach((s, i) => {
    const id = ids[i];
    const ctx = model.refContext(id);
    const styleIds = new Map<string, string>();
    const styleId = (style: CellStyle) => {
      const key = styleKey(style);
      let sid = styleIds.get(key);
      if (!sid) styleIds.set(key, (sid = model.defineStyle(id, style)));
      return sid;
    };
    const cells = s.cells.flatMap((c) => {
      const v = c.formula !== undefined ? formulaToStored(c.formula, 'en', ctx) : c.value;
      if (v === null && !c.style) return [];
      return [{ row: c.row, col: c.col, cell: { v: v ?? '', ...(c.style ? { s: styleId(c.style) } : {}) } }];
    });
    // The sheets are new, so their cells are packed rather than stored one entry per cell.
    model.fillEmptySheet(id, cells);
    s.data.colWidths.forEach((w, col) => {
      if (w !== undefined) model.setColumnMeta(id, col, { width: w });
    });
    const { rows, cols } = s.data.frozen;
    if (rows > 0 || cols > 0) model.setFrozen(id, { rows: Math.min(rows, 1000), cols: Math.min(cols, 100) });
    for (const m of s.data.merges) {
      if (m.rowspan < 1 || m.colspan < 1 || m.row + m.rowspan > s.rows || m.col + m.colspan > s.cols) continue;
      model.mergeCells(id, { start: { row: m.row, col: m.col }, end: { row: m.row + m.rowspan - 1, col: m.col + m.colspan - 1 } });
    }
  });
  return ids;
}
