import { strToU8, zipSync } from 'fflate';
import type { CellStyle } from '../../sheet/types';
import { escapeXml } from '../markup';
import { DEFAULT_DATE_FORMAT, isDateConstant } from './cellTypes';
import { a1ToOpenFormula } from './formulaText';
import { odsDataStyle } from './numberFormat';
import { pxToCm } from './units';
import { cellGrid, sheetExtent, styleKey, type CellData, type SheetData, type WorkbookData } from './workbook';

export const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"',
  'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
  'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"',
].join(' ');
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Automatic styles of content.xml: column widths, cell styles and their number styles. */
class OdsStyles {
  readonly entries: string[] = [];
  private cells = new Map<string, string>();
  private columns = new Map<number, string>();
  private dataStyles = new Map<string, string | null>();

  column(px: number): string {
    let name = this.columns.get(px);
    if (!name) {
      name = `co${this.columns.size + 1}`;
      this.columns.set(px, name);
      this.entries.push(`<style:style style:name="${name}" style:family="table-column"><style:table-column-properties fo:break-before="auto" style:column-width="${pxToCm(px)}"/></style:style>`);
    }
    return name;
  }

  cell(style: CellStyle | undefined): string | undefined {
    if (!style || styleKey(style) === '') return undefined;
    const key = styleKey(style);
    let name = this.cells.get(key);
    if (name) return name;
    name = `ce${this.cells.size + 1}`;
    this.cells.set(key, name);
    const data = style.numberFormat ? this.dataStyle(style.numberFormat) : null;
    const text = [
      style.bold ? ' fo:font-weight="bold"' : '',
      style.italic ? ' fo:font-style="italic"' : '',
      style.underline ? ' style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"' : '',
      style.strike ? ' style:text-line-through-style="solid" style:text-line-through-type="single"' : '',
      style.color ? ` fo:color="${style.color}"` : '',
    ].join('');
    const cell = [
      style.background ? ` fo:background-color="${style.background}"` : '',
      style.valign ? ` style:vertical-align="${style.valign}"` : '',
      style.wrap ? ' fo:wrap-option="wrap"' : '',
      style.align ? ' style:text-align-source="fix"' : '',
    ].join('');
    const para = style.align ? ` fo:text-align="${style.align === 'left' ? 'start' : style.align === 'right' ? 'end' : 'center'}"` : '';
    this.entries.push(
      `<style:style style:name="${name}" style:family="table-cell"${data ? ` style:data-style-name="${data}"` : ''}>` +
        (cell ? `<style:table-cell-properties${cell}/>` : '') +
        (para ? `<style:paragraph-properties${para}/>` : '') +
        (text ? `<style:text-properties${text}/>` : '') +
        '</style:style>',
    );
    return name;
  }

  private dataStyle(code: string): string | null {
    if (this.dataStyles.has(code)) return this.dataStyles.get(code)!;
    const name = `N${this.dataStyles.size + 100}`;
    const xml = odsDataStyle(name, code);
    this.dataStyles.set(code, xml ? name : null);
    if (xml) this.entries.push(xml);
    return xml ? name : null;
  }
}

function textP(s: string): string {
  // Line breaks become paragraphs; runs of spaces keep their width as text:s (ODF collapses them).
  return s
    .split('\n')
    .map((line) => {
      const spaced = escapeXml(line).replace(/ {2,}/g, (m) => ` <text:s text:c="${m.length - 1}"/>`);
      // A leading space would be collapsed by readers; as text:s it stays.
      return `<text:p>${spaced.replace(/^ /, '<text:s/>')}</text:p>`;
    })
    .join('');
}

function cellXml(c: CellData, styles: OdsStyles, span?: { rows: number; cols: number }): string {
  const date = isDateConstant(c);
  const style = styles.cell(date ? { ...c.style, numberFormat: c.style?.numberFormat ?? DEFAULT_DATE_FORMAT } : c.style);
  const attrs = [
    style ? ` table:style-name="${style}"` : '',
    c.formula !== undefined ? ` table:formula="${escapeXml(a1ToOpenFormula(c.formula))}"` : '',
    span && span.cols > 1 ? ` table:number-columns-spanned="${span.cols}"` : '',
    span && span.rows > 1 ? ` table:number-rows-spanned="${span.rows}"` : '',
  ].join('');
  const v = c.value;
  if (v === null) return `<table:table-cell${attrs}/>`;
  if (date) return `<table:table-cell${attrs} office:value-type="date" office:date-value="${v}" calcext:value-type="date">${textP(String(v))}</table:table-cell>`;
  if (typeof v === 'number') return `<table:table-cell${attrs} office:value-type="float" office:value="${v}" calcext:value-type="float">${textP(String(v))}</table:table-cell>`;
  if (typeof v === 'boolean') return `<table:table-cell${attrs} office:value-type="boolean" office:boolean-value="${v}" calcext:value-type="boolean">${textP(v ? 'TRUE' : 'FALSE')}</table:table-cell>`;
  if (c.error) return `<table:table-cell${attrs} office:value-type="string" office:string-value="" calcext:value-type="error">${textP(v)}</table:table-cell>`;
  return `<table:table-cell${attrs} office:value-type="string" calcext:value-type="string">${textP(v)}</table:table-cell>`;
}

function tableXml(sheet: SheetData, styles: OdsStyles): string {
  const grid = cellGrid(sheet);
  const { cols } = sheetExtent(sheet);
  const colCount = Math.max(cols, sheet.colWidths.length, 1);
  const columns: string[] = [];
  for (let i = 0; i < colCount; i++) {
    const w = sheet.colWidths[i];
    columns.push(w !== undefined ? `<table:table-column table:style-name="${styles.column(w)}"/>` : '<table:table-column/>');
  }
  const spans = new Map<string, { rows: number; cols: number }>();
  const covered = new Set<string>();
  for (const m of sheet.merges) {
    spans.set(`${m.row}:${m.col}`, { rows: m.rowspan, cols: m.colspan });
    for (let r = m.row; r < m.row + m.rowspan; r++) for (let c = m.col; c < m.col + m.colspan; c++) if (r !== m.row || c !== m.col) covered.add(`${r}:${c}`);
  }
  const rows = grid.map((line, r) => {
    const cells: string[] = [];
    let empty = 0;
    const flush = () => {
      if (empty > 0) cells.push(empty > 1 ? `<table:table-cell table:number-columns-repeated="${empty}"/>` : '<table:table-cell/>');
      empty = 0;
    };
    for (let c = 0; c < line.length; c++) {
      const key = `${r}:${c}`;
      const cell = line[c];
      if (covered.has(key)) {
        flush();
        cells.push('<table:covered-table-cell/>');
      } else if (cell || spans.has(key)) {
        flush();
        cells.push(cellXml(cell ?? { row: r, col: c, value: null }, styles, spans.get(key)));
      } else empty++;
    }
    return `<table:table-row>${cells.join('') || '<table:table-cell/>'}</table:table-row>`;
  });
  return `<table:table table:name="${escapeXml(sheet.name)}">${columns.join('')}${rows.join('') || '<table:table-row><table:table-cell/></table:table-row>'}</table:table>`;
}

/** Frozen panes live in the view settings, per table, as LibreOffice writes them. */
function settingsXml(wb: WorkbookData): string {
  const item = (name: string, type: string, v: string | number) => `<config:config-item config:name="${name}" config:type="${type}">${v}</config:config-item>`;
  const tables = wb.sheets
    .map((s) => {
      const { rows, cols } = s.frozen;
      const items = [
        item('HorizontalSplitMode', 'short', cols > 0 ? 2 : 0),
        item('VerticalSplitMode', 'short', rows > 0 ? 2 : 0),
        item('HorizontalSplitPosition', 'int', cols),
        item('VerticalSplitPosition', 'int', rows),
        item('ActiveSplitRange', 'short', rows > 0 ? 2 : cols > 0 ? 3 : 2),
        item('PositionLeft', 'int', 0),
        item('PositionRight', 'int', cols),
        item('PositionTop', 'int', 0),
        item('PositionBottom', 'int', rows),
      ];
      return `<config:config-item-map-entry config:name="${escapeXml(s.name)}">${items.join('')}</config:config-item-map-entry>`;
    })
    .join('');
  return (
    `${XML_HEAD}<office:document-settings ${NS} office:version="1.3"><office:settings><config:config-item-set config:name="ooo:view-settings">` +
    `<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>${item('ViewId', 'string', 'view1')}` +
    `<config:config-item-map-named config:name="Tables">${tables}</config:config-item-map-named>` +
    `${item('ActiveTable', 'string', escapeXml(wb.sheets[0]?.name ?? ''))}</config:config-item-map-entry></config:config-item-map-indexed>` +
    '</config:config-item-set></office:settings></office:document-settings>'
  );
}

/** A workbook as an OpenDocument spreadsheet (formulas in OpenFormula with cached results). */
export function workbookToOds(wb: WorkbookData, meta: { title: string }): Uint8Array {
  const styles = new OdsStyles();
  const tables = wb.sheets.map((s) => tableXml(s, styles)).join('');
  const content =
    `${XML_HEAD}<office:document-content ${NS} office:version="1.3"><office:automatic-styles>${styles.entries.join('')}</office:automatic-styles>` +
    `<office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;
  const metaXml = `${XML_HEAD}<office:document-meta ${NS} office:version="1.3"><office:meta><dc:title>${escapeXml(meta.title)}</dc:title><meta:generator>Werkraum</meta:generator></office:meta></office:document-meta>`;
  const manifest =
    `${XML_HEAD}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
    `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${ODS_MIME}"/>` +
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
    '<manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>' +
    '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>' +
    '</manifest:manifest>';
  // The mimetype entry comes first and uncompressed, so the type can be read at a fixed offset.
  return zipSync(
    {
      mimetype: [strToU8(ODS_MIME), { level: 0 }],
      'content.xml': strToU8(content),
      'settings.xml': strToU8(settingsXml(wb)),
      'meta.xml': strToU8(metaXml),
      'META-INF/manifest.xml': strToU8(manifest),
    },
    { level: 6 },
  );
}
