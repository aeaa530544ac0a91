import type { CellStyle, Frozen, MergedArea } from '../../sheet/types';

/**
 * A workbook between the sheet model and a file: what every reader produces and every writer
 * consumes. Formulas are in A1 form with English notation (`=SUM(A1:B2,3.5)`), the form users of
 * other spreadsheets know; values are what the formula evaluated to (the cached value files
 * carry), or the cell's constant.
 */
export type CellValue = number | string | boolean | null;

export interface CellData {
  row: number;
  col: number;
  /** The constant, or the formula's cached result (`#REF!` and friends are strings). */
  value: CellValue;
  /** `=` and the formula in A1 form, English notation. */
  formula?: string;
  /** Error results are strings too; this marks them so writers can type them as errors. */
  error?: boolean;
  style?: CellStyle;
}

export interface SheetData {
  name: string;
  /** Non-empty cells, in any order. */
  cells: CellData[];
  /** Column widths in pixels by column index; undefined: the default width. */
  colWidths: Array<number | undefined>;
  frozen: Frozen;
  merges: MergedArea[];
}

export interface WorkbookData {
  sheets: SheetData[];
}

export function emptySheet(name: string): SheetData {
  return { name, cells: [], colWidths: [], frozen: { rows: 0, cols: 0 }, merges: [] };
}

/** Rows and columns a sheet uses: the last cell, merge or width that is set, plus one. */
export function sheetExtent(sheet: SheetData): { rows: number; cols: number } {
  let rows = 0;
  let cols = 0;
  for (const c of sheet.cells) {
    rows = Math.max(rows, c.row + 1);
    cols = Math.max(cols, c.col + 1);
  }
  for (const m of sheet.merges) {
    rows = Math.max(rows, m.row + m.rowspan);
    cols = Math.max(cols, m.col + m.colspan);
  }
  return { rows, cols };
}

/** Cells as rows × columns (null where empty) over the extent, for writers that go row by row. */
export function cellGrid(sheet: SheetData): Array<Array<CellData | undefined>> {
  const { rows, cols } = sheetExtent(sheet);
  const grid: Array<Array<CellData | undefined>> = Array.from({ length: rows }, () => new Array<CellData | undefined>(cols));
  for (const c of sheet.cells) grid[c.row][c.col] = c;
  return grid;
}

/** Same style, whatever the key order: the key writers use to share one style entry. */
export function styleKey(style: CellStyle | undefined): string {
  if (!style) return '';
  const keys = Object.keys(style).sort() as Array<keyof CellStyle>;
  return JSON.stringify(keys.filter((k) => style[k] !== undefined).map((k) => [k, style[k]]));
}
