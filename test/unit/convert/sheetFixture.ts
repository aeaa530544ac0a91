import * as Y from 'yjs';
import { SheetEngine } from '../../../lib/sheet/SheetEngine';
import { SheetModel } from '../../../lib/sheet/SheetModel';
import { modelToWorkbook } from '../../../lib/convert/sheet/fromModel';
import type { WorkbookData } from '../../../lib/convert/sheet/workbook';

/**
 * A small budget workbook with what exports must carry: numbers, text, booleans, a date, formulas
 * within and across sheets, a broken reference, bold/italic/colours/alignment/number formats,
 * column widths, frozen panes and a merge.
 */
export function sampleModel(): { model: SheetModel; engine: SheetEngine; doc: Y.Doc } {
  const doc = new Y.Doc();
  const model = new SheetModel(doc);
  model.initialize({ title: 'Haushalt 2026', name: 'Übersicht', rows: 20, cols: 8 });
  const [s1] = model.sheetIds();
  const s2 = model.addSheet({ name: 'Daten 2', rows: 10, cols: 4 });
  const put = (sheet: string, a1: string, input: string) => {
    const { start } = model.resolveRange(a1, sheet);
    model.setInput(sheet, start.row, start.col, input, 'en');
  };
  put(s1, 'A1', 'Posten');
  put(s1, 'B1', 'Betrag');
  put(s1, 'C1', 'Datum');
  put(s1, 'A2', 'Miete');
  put(s1, 'B2', '1200.5');
  put(s1, 'C2', '2026-01-31');
  put(s1, 'A3', 'Strom');
  put(s1, 'B3', '-80.25');
  put(s1, 'A4', 'Summe');
  put(s1, 'B4', '=SUM(B2:B3)');
  put(s1, 'D2', 'TRUE');
  put(s1, 'D3', '=IF(B2>1000,"hoch","niedrig")');
  put(s1, 'E2', "'=nicht rechnen");
  put(s1, 'E3', '=B4*\'Daten 2\'!A1');
  put(s1, 'E4', '=1/0');
  put(s1, 'F2', '=\'Daten 2\'!A2&" Stück"');
  put(s2, 'A1', '2');
  put(s2, 'A2', 'zehn');
  const style = (sheet: string, a1: string, s: Parameters<SheetModel['setStyle']>[3]) => {
    const { start } = model.resolveRange(a1, sheet);
    model.setStyle(sheet, start.row, start.col, s);
  };
  style(s1, 'A1', { bold: true, background: '#ffff00', align: 'center' });
  style(s1, 'B1', { bold: true, italic: true, color: '#c00000', align: 'right', valign: 'middle' });
  style(s1, 'B2', { numberFormat: '#,##0.00' });
  style(s1, 'B4', { bold: true, numberFormat: '#,##0.00', wrap: true });
  model.setColumnMeta(s1, 0, { width: 180 });
  model.setColumnMeta(s1, 1, { width: 95 });
  model.setFrozen(s1, { rows: 1, cols: 1 });
  model.mergeCells(s1, { start: { row: 6, col: 0 }, end: { row: 6, col: 2 } });
  model.setInput(s1, 6, 0, 'Zusammengeführt', 'en');
  const engine = new SheetEngine(model);
  return { model, engine, doc };
}

export function sampleWorkbook(): WorkbookData {
  const { model, engine } = sampleModel();
  const wb = modelToWorkbook(model, engine);
  engine.destroy();
  model.destroy();
  return wb;
}
