import type { SheetModel } from './SheetModel';
import { columnLetters } from './a1';
import { cellStyleCss, formatCellValue, storedShownValue } from './display';
import { isIsoDate } from './locale';

export interface PreviewCell {
  text: string;
  /** Inline CSS, as the grid would set it. */
  css: string;
  /** A formula the engine has not evaluated yet (the preview never evaluates). */
  pending: boolean;
}

/** The first screen of a sheet as the grid would show it, for the page to paint before sync. */
export interface SheetPreviewData {
  columns: Array<{ label: string; width: number }>;
  rows: Array<{ label: string; cells: PreviewCell[] }>;
}

/** Same default column width as the grid. */
const DEFAULT_WIDTH = 110;

/**
 * Reads the top-left corner of the first sheet: enough rows and columns to fill a large screen,
 * and no more — the page carries it inline.
 */
export function sheetPreview(model: SheetModel, locale: string, limits = { rows: 50, cols: 30 }): SheetPreviewData | null {
  const sheetId = model.sheetIds()[0];
  if (!sheetId) return null;
  const rowCount = Math.min(limits.rows, model.rowCount(sheetId));
  const colCount = Math.min(limits.cols, model.colCount(sheetId));
  const metas = Array.from({ length: colCount }, (_, c) => model.getColumnMeta(sheetId, c));
  const rows: SheetPreviewData['rows'] = [];
  for (let r = 0; r < rowCount; r++) {
    const cells: PreviewCell[] = [];
    for (let c = 0; c < colCount; c++) {
      const meta = metas[c];
      const style = model.getStyle(sheetId, r, c);
      const v = storedShownValue(model.getValue(sheetId, r, c));
      let text: string;
      if (v === undefined) text = '…';
      else if (meta.type === 'checkbox') text = v === true ? '☑' : '☐';
      else text = formatCellValue(v, locale, style);
      const option = meta.optionColors && typeof v === 'string' ? meta.optionColors[v] : undefined;
      cells.push({ text, css: cellStyleCss(style, typeof v === 'number' || (typeof v === 'string' && isIsoDate(v)), option), pending: v === undefined });
    }
    rows.push({ label: String(r + 1), cells });
  }
  return { columns: metas.map((m, c) => ({ label: columnLetters(c), width: m.width ?? DEFAULT_WIDTH })), rows };
}
