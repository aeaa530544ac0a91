import { isErrorCode } from '../../sheet/locale';
import type { CellStyle } from '../../sheet/types';
import { malformed } from '../errors';
import { unzipBounded, utf8, type UnzipLimits } from '../unzip';
import { tidyImportedCells } from './cellTypes';
import { openFormulaToA1 } from './formulaText';
import { LimitCounter, SHEET_IMPORT_LIMITS, type SheetLimits } from './limits';
import { codeFromOdsDataStyle, type StyleNode } from './numberFormat';
import { isoDateToSerial } from '../../sheet/serials';
import { clampWidth, lengthToPx } from './units';
import { sax } from './xml';
import { emptySheet, type CellData, type CellValue, type SheetData, type WorkbookData } from './workbook';

/** Style elements (cell, column and number styles) from content.xml and styles.xml, by name. */
class StyleIndex {
  readonly byName = new Map<string, StyleNode>();
  private resolved = new Map<string, CellStyle | undefined>();

  collect(source: string | undefined): void {
    if (!source) return;
    const stack: StyleNode[] = [];
    let inStyles = 0;
    sax(
      source,
      {
        open: (name, attrs) => {
          if (name === 'office:automatic-styles' || name === 'office:styles') {
            inStyles++;
            return;
          }
          if (!inStyles) return;
          const node: StyleNode = { name, attrs, text: '', children: [] };
          if (stack.length) stack[stack.length - 1].children.push(node);
          else if (attrs['style:name']) this.byName.set(`${name.startsWith('number:') ? 'number' : (attrs['style:family'] ?? '')}/${attrs['style:name']}`, node);
          stack.push(node);
        },
        text: (t) => {
          if (stack.length) stack[stack.length - 1].text += t;
        },
        close: (name) => {
          if (name === 'office:automatic-styles' || name === 'office:styles') inStyles--;
          else if (inStyles && stack.length) stack.pop();
        },
      },
      true,
    );
  }

  columnWidth(name: string | undefined): number | undefined {
    const props = this.byName.get(`table-column/${name}`)?.children.find((c) => c.name === 'style:table-column-properties');
    return clampWidth(lengthToPx(props?.attrs['style:column-width']));
  }

  cellStyle(name: string | undefined, depth = 0): CellStyle | undefined {
    if (!name || depth > 10) return undefined;
    if (this.resolved.has(name)) return this.resolved.get(name);
    const el = this.byName.get(`table-cell/${name}`);
    if (!el) return undefined;
    const parent = el.attrs['style:parent-style-name'];
    const style: CellStyle = { ...(parent ? this.cellStyle(parent, depth + 1) : {}) };
    const props = (n: string) => el.children.find((c) => c.name === n)?.attrs ?? {};
    const text = props('style:text-properties');
    const cell = props('style:table-cell-properties');
    const para = props('style:paragraph-properties');
    if (text['fo:font-weight']) style.bold = text['fo:font-weight'] === 'bold' || Number(text['fo:font-weight']) >= 600;
    if (text['fo:font-style']) style.italic = text['fo:font-style'] === 'italic' || text['fo:font-style'] === 'oblique';
    if (text['style:text-underline-style']) style.underline = text['style:text-underline-style'] !== 'none';
    if (text['style:text-line-through-style']) style.strike = text['style:text-line-through-style'] !== 'none';
    if (/^#[0-9a-f]{6}$/i.test(text['fo:color'] ?? '') && text['fo:color'].toLowerCase() !== '#000000') style.color = text['fo:color'].toLowerCase();
    if (/^#[0-9a-f]{6}$/i.test(cell['fo:background-color'] ?? '')) style.background = cell['fo:background-color'].toLowerCase();
    const v = cell['style:vertical-align'];
    if (v === 'top' || v === 'middle' || v === 'bottom') style.valign = v;
    if (cell['fo:wrap-option'] === 'wrap') style.wrap = true;
    const a = para['fo:text-align'];
    if (a === 'start' || a === 'left') style.align = 'left';
    else if (a === 'center') style.align = 'center';
    else if (a === 'end' || a === 'right') style.align = 'right';
    const dataName = el.attrs['style:data-style-name'];
    const data = dataName ? this.byName.get(`number/${dataName}`) : undefined;
    const code = data ? codeFromOdsDataStyle(data) : undefined;
    if (code && code.length <= 100) style.numberFormat = code;
    for (const k of Object.keys(style) as Array<keyof CellStyle>) if (style[k] === false) delete style[k];
    const out = Object.keys(style).length ? style : undefined;
    this.resolved.set(name, out);
    return out;
  }
}

/** `PT12H30M15S` → fraction of a day. */
function durationToDays(d: string): number | null {
  const m = /^-?P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(d);
  if (!m) return null;
  const [days, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0));
  return days + (h * 3600 + min * 60 + s) / 86_400;
}

interface PendingCell {
  attrs: Record<string, string>;
  text: string;
  paragraphs: number;
}

function cellValue(c: PendingCell): { value: CellValue; error?: boolean } {
  const a = c.attrs;
  const type = a['office:value-type'];
  if (a['calcext:value-type'] === 'error') return { value: c.text || '#VALUE!', error: isErrorCode(c.text) };
  switch (type) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const n = Number(a['office:value']);
      return { value: Number.isFinite(n) ? n : null };
    }
    case 'boolean':
      return { value: a['office:boolean-value'] === 'true' };
    case 'date': {
      const d = a['office:date-value'] ?? '';
      if (/^\d{4}-\d{2}-\d{2}(T00:00:00(\.0+)?)?$/.test(d)) return { value: d.slice(0, 10) };
      const m = /^(\d{4}-\d{2}-\d{2})T(.*)$/.exec(d);
      const time = m ? durationToDays(`PT${m[2].replace(/^(\d+):(\d+):([\d.]+)$/, '$1H$2M$3S')}`) : null;
      return { value: m && time !== null ? isoDateToSerial(m[1]) + time : d || null };
    }
    case 'time':
      return { value: durationToDays(a['office:time-value'] ?? '') };
    case 'string':
      return { value: a['office:string-value'] ?? (c.text === '' ? null : c.text) };
    default:
      return { value: c.text === '' ? null : c.text };
  }
}

/** Frozen panes per table name from settings.xml (split mode 2 = frozen). */
function readFrozen(source: string | undefined): Map<string, { rows: number; cols: number }> {
  const out = new Map<string, { rows: number; cols: number }>();
  if (!source) return out;
  const path: string[] = [];
  let table: string | null = null;
  let item: string | null = null;
  let values: Record<string, string> = {};
  let text = '';
  sax(
    source,
    {
      open(name, attrs) {
        if (name === 'config:config-item-map-named') path.push(attrs['config:name'] ?? '');
        else if (name === 'config:config-item-map-entry' && path[path.length - 1] === 'Tables' && table === null) {
          table = attrs['config:name'] ?? '';
          values = {};
        } else if (name === 'config:config-item' && table !== null) {
          item = attrs['config:name'] ?? '';
          text = '';
        }
      },
      text(t) {
        if (item !== null) text += t;
      },
      close(name) {
        if (name === 'config:config-item' && item !== null) {
          values[item] = text.trim();
          item = null;
        } else if (name === 'config:config-item-map-entry' && table !== null && path[path.length - 1] === 'Tables') {
          const pos = (k: string, max: number) => Math.min(max, Math.max(0, Math.trunc(Number(values[k] ?? 0)) || 0));
          out.set(table, {
            rows: values.VerticalSplitMode === '2' ? pos('VerticalSplitPosition', 1000) : 0,
            cols: values.HorizontalSplitMode === '2' ? pos('HorizontalSplitPosition', 100) : 0,
          });
          table = null;
        } else if (name === 'config:config-item-map-named') path.pop();
      },
    },
    true,
  );
  return out;
}

/** An OpenDocument spreadsheet (LibreOffice, ours) → workbook data, within the import limits. */
export function odsToWorkbook(bytes: Uint8Array, opts: { unzip: UnzipLimits; limits?: SheetLimits }): WorkbookData {
  const files = unzipBounded(bytes, (n) => n === 'content.xml' || n === 'styles.xml' || n === 'settings.xml', opts.unzip);
  const contentBytes = files.get('content.xml');
  if (!contentBytes) throw malformed('The file is not an OpenDocument spreadsheet: content.xml is missing');
  const content = utf8(contentBytes);
  const styles = new StyleIndex();
  styles.collect(utf8(files.get('styles.xml')));
  styles.collect(content);
  const frozen = readFrozen(utf8(files.get('settings.xml')));
  const counter = new LimitCounter(opts.limits ?? SHEET_IMPORT_LIMITS);
  const sheets: SheetData[] = [];
  let sheet: SheetData | null = null;
  let col = 0;
  let row = 0;
  let rowRepeat = 1;
  let rowCells: Array<{ col: number; repeat: number; data: Omit<CellData, 'row' | 'col'> }> = [];
  let cell: PendingCell | null = null;
  let cellDepth = 0;
  let inSpreadsheet = false;

  sax(
    content,
    {
      open(name, attrs) {
        if (name === 'office:spreadsheet') inSpreadsheet = true;
        if (!inSpreadsheet) return;
        if (cell) {
          cellDepth++;
          if (name === 'text:p' && cell.paragraphs++ > 0) cell.text += '\n';
          else if (name === 'text:s') cell.text += ' '.repeat(Math.min(1000, Number(attrs['text:c'] ?? 1) || 1));
          else if (name === 'text:tab') cell.text += '\t';
          else if (name === 'text:line-break') cell.text += '\n';
          return;
        }
        switch (name) {
          case 'table:table':
            counter.sheet(sheets.length + 1);
            sheet = emptySheet(attrs['table:name'] ?? `Tabelle${sheets.length + 1}`);
            sheet.frozen = frozen.get(sheet.name) ?? sheet.frozen;
            [row, col] = [0, 0];
            break;
          case 'table:table-column': {
            if (!sheet) break;
            const repeat = Math.max(1, Number(attrs['table:number-columns-repeated'] ?? 1) || 1);
            const px = styles.columnWidth(attrs['table:style-name']);
            // "All remaining columns" comes as one entry with a huge repeat; keep only a few.
            if (px !== undefined && repeat <= 64) for (let i = 0; i < repeat && col + i < counter.limits.maxCols; i++) sheet.colWidths[col + i] = px;
            col += repeat;
            break;
          }
          case 'table:table-row':
            col = 0;
            rowRepeat = Math.max(1, Number(attrs['table:number-rows-repeated'] ?? 1) || 1);
            rowCells = [];
            break;
          case 'table:table-cell':
          case 'table:covered-table-cell':
            cell = { attrs, text: '', paragraphs: 0 };
            cellDepth = 0;
            break;
        }
      },
      text(t) {
        if (cell && cellDepth > 0) cell.text += t;
      },
      close(name) {
        if (!inSpreadsheet) return;
        if (cell && cellDepth > 0) {
          cellDepth--;
          return;
        }
        if ((name === 'table:table-cell' || name === 'table:covered-table-cell') && cell && sheet) {
          const a = cell.attrs;
          const repeat = Math.max(1, Number(a['table:number-columns-repeated'] ?? 1) || 1);
          const covered = name === 'table:covered-table-cell';
          const { value, error } = covered ? { value: null } : cellValue(cell);
          const formula = !covered && a['table:formula'] ? openFormulaToA1(a['table:formula']) : undefined;
          if (value !== null || formula !== undefined) {
            const data: Omit<CellData, 'row' | 'col'> = { value };
            if (formula !== undefined) data.formula = formula;
            if (error) data.error = true;
            const style = styles.cellStyle(a['table:style-name']);
            if (style) data.style = style;
            rowCells.push({ col, repeat, data });
          }
          const rows = Number(a['table:number-rows-spanned'] ?? 1) || 1;
          const cols = Number(a['table:number-columns-spanned'] ?? 1) || 1;
          if (!covered && (rows > 1 || cols > 1)) sheet.merges.push({ row, col, rowspan: Math.min(rows, 100_000), colspan: Math.min(cols, 1000) });
          col += repeat;
          cell = null;
        } else if (name === 'table:table-row' && sheet) {
          const s = sheet;
          // A repeated row with content is that content again on each row; empty ones only move on.
          if (rowCells.length) {
            for (let r = row; r < row + rowRepeat; r++) {
              for (const rc of rowCells) {
                for (let c = rc.col; c < rc.col + rc.repeat; c++) {
                  counter.cell(s.name, r, c);
                  s.cells.push({ row: r, col: c, ...rc.data });
                }
              }
            }
          }
          row += rowRepeat;
        } else if (name === 'table:table' && sheet) {
          tidyImportedCells(sheet.cells);
          sheets.push(sheet);
          sheet = null;
        } else if (name === 'office:spreadsheet') inSpreadsheet = false;
      },
    },
    true,
  );
  if (sheets.length === 0) throw malformed('The file is not an OpenDocument spreadsheet: it has no tables');
  return { sheets };
}
