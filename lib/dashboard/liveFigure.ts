import type { EvaluatedValue, SheetEngine, ValueFormat } from '../sheet/SheetEngine';
import { formatCellValue, isDateFormat, isNamedNumberFormat } from '../sheet/display';
import type { CellStyle } from '../sheet/types';
import type { SheetModel } from '../sheet/SheetModel';
import { parseA1Range } from '../sheet/a1';
import type { ResolvedFigure } from '../richtext/sheetFigure';

/** Larger ranges belong in the sheet itself, not in a report. */
export const MAX_FIGURE_CELLS = 200;

// Plain numbers in a report are rounded to two decimals; everything else shows as in the grid
// (number formats, dates, localized truth values and errors).
const reportNumbers = new Map<string, Intl.NumberFormat>();
function format(v: EvaluatedValue, style: CellStyle | undefined, valueFormat: ValueFormat, locale: string): string {
  if (typeof v === 'number' && !isDateFormat(valueFormat) && !isNamedNumberFormat(style?.numberFormat)) {
    let f = reportNumbers.get(locale);
    if (!f) reportNumbers.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })));
    return f.format(v);
  }
  return formatCellValue(v, locale, style, valueFormat);
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * A named figure is a label in column A of a tab (the Auswertung tab's "Leistungen gesamt",
 * "Anteil Reifegrad ≥ 3" …); its value stands next to it in column B. Tabs are searched in order.
 */
function namedFigure(model: SheetModel, name: string): { sheetId: string; row: number } | null {
  const wanted = norm(name);
  for (const sheetId of model.sheetIds()) {
    if (model.colCount(sheetId) < 2) continue;
    for (let row = 0; row < model.rowCount(sheetId); row++) {
      const v = model.getValue(sheetId, row, 0);
      if (v !== null && norm(String(v).replace(/^'/, '')) === wanted) return { sheetId, row };
    }
  }
  return null;
}

/**
 * The value of a figure reference: a cell as text, a range as rows of text, null when the
 * reference does not resolve (deleted tab, unknown name, outside the sheet, too large).
 */
export function resolveFigure(model: SheetModel, engine: SheetEngine, ref: string, locale = 'de'): ResolvedFigure {
  const trimmed = ref.trim();
  if (!trimmed) return null;
  const text = (sheetId: string, row: number, col: number) =>
    format(engine.getValue(sheetId, row, col), model.getStyle(sheetId, row, col), engine.getValueFormat(sheetId, row, col), locale);
  if (parseA1Range(trimmed)) {
    let range;
    try {
      range = model.resolveRange(trimmed);
    } catch {
      return null;
    }
    const { start, end, sheetId } = range;
    if ((end.row - start.row + 1) * (end.col - start.col + 1) > MAX_FIGURE_CELLS) return null;
    if (start.row === end.row && start.col === end.col) return { text: text(sheetId, start.row, start.col) };
    const rows: string[][] = [];
    for (let r = start.row; r <= end.row; r++) {
      const line: string[] = [];
      for (let c = start.col; c <= end.col; c++) line.push(text(sheetId, r, c));
      rows.push(line);
    }
    return { rows };
  }
  const named = namedFigure(model, trimmed);
  return named ? { text: text(named.sheetId, named.row, 1) } : null;
}
