import type { SheetEngine } from '../../sheet/SheetEngine';
import type { SheetModel } from '../../sheet/SheetModel';
import { formulaToA1, isFormula } from '../../sheet/formulaRefs';
import { cellText } from '../../sheet/input';
import { DEFAULT_DATE_FORMAT } from './cellTypes';
import type { CellData, SheetData, WorkbookData } from './workbook';

/**
 * The live workbook as workbook data: formulas rendered to A1 at the current positions (English
 * notation), values from the engine (the same evaluation the browser shows), styles with named
 * styles resolved, column widths, frozen panes and merges.
 */
export function modelToWorkbook(model: SheetModel, engine: SheetEngine, sheetIds: readonly string[] = model.sheetIds()): WorkbookData {
  return { sheets: sheetIds.map((id) => sheetData(model, engine, id)) };
}

function sheetData(model: SheetModel, engine: SheetEngine, sheetId: string): SheetData {
  const values = engine.getSheetValues(sheetId);
  const ctx = model.refContext(sheetId);
  const cells: CellData[] = [];
  model.forEachCell(sheetId, (row, col, cell) => {
    const style = model.getStyle(sheetId, row, col);
    const v = cell.v;
    let data: CellData;
    let dateResult = false;
    if (typeof v === 'string' && isFormula(v)) {
      data = { row, col, value: values[row]?.[col] ?? null, formula: formulaToA1(v, 'en', ctx) };
      const format = engine.getValueFormat(sheetId, row, col);
      if (format === 'error') data.error = true;
      // A date computed by a formula is a serial number: other programs show it as a date only
      // with a date format, as the grid shows it.
      dateResult = format === 'date' && typeof data.value === 'number' && !style?.numberFormat;
    } else {
      const value = typeof v === 'string' ? cellText(v) : v;
      data = { row, col, value: value === '' ? null : value };
    }
    if (style && Object.keys(style).length) data.style = style;
    if (dateResult) data.style = { ...style, numberFormat: DEFAULT_DATE_FORMAT };
    if (data.value !== null || data.formula !== undefined || data.style) cells.push(data);
  });
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  const colWidths: Array<number | undefined> = [];
  for (let c = 0; c < model.colCount(sheetId); c++) {
    const w = model.getColumnMeta(sheetId, c).width;
    if (w !== undefined) colWidths[c] = w;
  }
  return { name: model.sheetName(sheetId) ?? sheetId, cells, colWidths, frozen: model.getFrozen(sheetId), merges: model.getMerges(sheetId) };
}
