import { strToU8, zipSync } from 'fflate';
import { columnLetters } from '../../sheet/a1';
import type { CellStyle } from '../../sheet/types';
import { escapeXml } from '../markup';
import { XLSX_BUILTIN_FORMATS } from './numberFormat';
import { DEFAULT_DATE_FORMAT, isDateConstant } from './cellTypes';
import { isoDateToSerial } from '../../sheet/serials';
import { pxToXlsxWidth } from './units';
import { cellGrid, styleKey, type CellData, type SheetData, type WorkbookData } from './workbook';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const argb = (hex: string) => `FF${hex.slice(1).toUpperCase()}`;

/**
 * The style table of styles.xml: fonts, fills, number formats and cell formats, each entry
 * written once and referenced by index from the cells (index 0 is the default everywhere).
 */
class XlsxStyles {
  private fonts = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
  private fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private numFmts = new Map<string, number>();
  private xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private byKey = new Map<string, number>([['', 0]]);

  index(style: CellStyle | undefined): number {
    const key = styleKey(style);
    const known = this.byKey.get(key);
    if (known !== undefined || !style) return known ?? 0;
    const font = this.font(style);
    const fill = style.background ? this.add(this.fills, `<fill><patternFill patternType="solid"><fgColor rgb="${argb(style.background)}"/><bgColor indexed="64"/></patternFill></fill>`) : 0;
    const numFmt = style.numberFormat ? this.numFmt(style.numberFormat) : 0;
    const align = [
      style.align ? ` horizontal="${style.align}"` : '',
      style.valign ? ` vertical="${style.valign === 'middle' ? 'center' : style.valign}"` : '',
      style.wrap ? ' wrapText="1"' : '',
    ].join('');
    const applies = `${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}${numFmt ? ' applyNumberFormat="1"' : ''}${align ? ' applyAlignment="1"' : ''}`;
    const xf = `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="0" xfId="0"${applies}>${align ? `<alignment${align}/>` : ''}</xf>`;
    const i = this.xfs.push(xf) - 1;
    this.byKey.set(key, i);
    return i;
  }

  private font(s: CellStyle): number {
    if (!s.bold && !s.italic && !s.underline && !s.strike && !s.color) return 0;
    const parts = [s.bold ? '<b/>' : '', s.italic ? '<i/>' : '', s.strike ? '<strike/>' : '', s.underline ? '<u/>' : '', '<sz val="11"/>', s.color ? `<color rgb="${argb(s.color)}"/>` : '', '<name val="Calibri"/><family val="2"/>'];
    return this.add(this.fonts, `<font>${parts.join('')}</font>`);
  }

  private numFmt(code: string): number {
    const builtin = Object.entries(XLSX_BUILTIN_FORMATS).find(([, c]) => c === code && c !== 'DD.MM.YYYY');
    if (builtin) return Number(builtin[0]);
    let id = this.numFmts.get(code);
    if (id === undefined) this.numFmts.set(code, (id = 164 + this.numFmts.size));
    return id;
  }

  private add(list: string[], entry: string): number {
    const at = list.indexOf(entry);
    return at >= 0 ? at : list.push(entry) - 1;
  }

  xml(): string {
    const numFmts = [...this.numFmts].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
      (numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : '') +
      `<fonts count="${this.fonts.length}">${this.fonts.join('')}</fonts>` +
      `<fills count="${this.fills.length}">${this.fills.join('')}</fills>` +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

function cellXml(c: CellData, ref: string, s: number): string {
  const sAttr = s ? ` s="${s}"` : '';
  const v = c.value;
  const f = c.formula !== undefined ? `<f>${escapeXml(c.formula.replace(/^=/, ''))}</f>` : '';
  if (v === null) return f ? `<c r="${ref}"${sAttr}>${f}</c>` : `<c r="${ref}"${sAttr}/>`;
  if (typeof v === 'number') return `<c r="${ref}"${sAttr}>${f}<v>${v}</v></c>`;
  if (typeof v === 'boolean') return `<c r="${ref}"${sAttr} t="b">${f}<v>${v ? 1 : 0}</v></c>`;
  if (c.error) return `<c r="${ref}"${sAttr} t="e">${f}<v>${escapeXml(v)}</v></c>`;
  if (f) return `<c r="${ref}"${sAttr} t="str">${f}<v>${escapeXml(v)}</v></c>`;
  return `<c r="${ref}"${sAttr} t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`;
}

/** Dates go in as what Excel keeps: the serial number, shown with a date format. */
function asStored(c: CellData): CellData {
  if (!isDateConstant(c)) return c;
  return { ...c, value: isoDateToSerial(c.value), style: { ...c.style, numberFormat: c.style?.numberFormat ?? DEFAULT_DATE_FORMAT } };
}

function sheetXml(sheet: SheetData, styles: XlsxStyles, first: boolean): string {
  const grid = cellGrid(sheet);
  const { rows: fr, cols: fc } = sheet.frozen;
  const pane =
    fr > 0 || fc > 0
      ? `<pane${fc ? ` xSplit="${fc}"` : ''}${fr ? ` ySplit="${fr}"` : ''} topLeftCell="${columnLetters(fc)}${fr + 1}" activePane="${fr && fc ? 'bottomRight' : fr ? 'bottomLeft' : 'topRight'}" state="frozen"/>`
      : '';
  const views = `<sheetViews><sheetView workbookViewId="0"${first ? ' tabSelected="1"' : ''}>${pane}</sheetView></sheetViews>`;
  const cols = sheet.colWidths
    .map((w, i) => (w === undefined ? '' : `<col min="${i + 1}" max="${i + 1}" width="${pxToXlsxWidth(w)}" customWidth="1"/>`))
    .join('');
  const rows = grid
    .map((line, r) => {
      const cells = line
        .map((c, i) => {
          if (!c) return '';
          const stored = asStored(c);
          return cellXml(stored, `${columnLetters(i)}${r + 1}`, styles.index(stored.style));
        })
        .join('');
      return cells ? `<row r="${r + 1}">${cells}</row>` : '';
    })
    .join('');
  const merges = sheet.merges.map((m) => `<mergeCell ref="${columnLetters(m.col)}${m.row + 1}:${columnLetters(m.col + m.colspan - 1)}${m.row + m.rowspan}"/>`);
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${views}<sheetFormatPr defaultRowHeight="15"/>` +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${rows}</sheetData>` +
    (merges.length ? `<mergeCells count="${merges.length}">${merges.join('')}</mergeCells>` : '') +
    '</worksheet>'
  );
}

/** A workbook as an Office Open XML spreadsheet (formulas with their cached results). */
export function workbookToXlsx(wb: WorkbookData, meta: { title: string }): Uint8Array {
  const styles = new XlsxStyles();
  const files: Record<string, Uint8Array> = {};
  wb.sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s, styles, i === 0))));
  const sheetRefs = wb.sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const rels = wb.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  const overrides = wb.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
  files['[Content_Types].xml'] = strToU8(
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      `${overrides}</Types>`,
  );
  files['_rels/.rels'] = strToU8(
    `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
      `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
  );
  files['docProps/core.xml'] = strToU8(
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escapeXml(meta.title)}</dc:title></cp:coreProperties>`,
  );
  // Other programs recalculate on open; the cached values are for those that do not.
  files['xl/workbook.xml'] = strToU8(`${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${sheetRefs}</sheets><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>`);
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${rels}<Relationship Id="rId${wb.sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
  );
  files['xl/styles.xml'] = strToU8(styles.xml());
  return zipSync(files, { level: 6 });
}
