import { parseA1 } from '../../sheet/a1';
import { isErrorCode } from '../../sheet/locale';
import type { CellStyle } from '../../sheet/types';
import { malformed } from '../errors';
import { childElements, firstChild, parseMarkup, type MarkupElement } from '../markup';
import { unzipBounded, utf8, type UnzipLimits } from '../unzip';
import { tidyImportedCells } from './cellTypes';
import { shiftA1Formula, stripFunctionPrefixes } from './formulaText';
import { LimitCounter, SHEET_IMPORT_LIMITS, type SheetLimits } from './limits';
import { XLSX_BUILTIN_FORMATS } from './numberFormat';
import { clampWidth, xlsxWidthToPx } from './units';
import { sax } from './xml';
import { emptySheet, sheetExtent, type CellData, type SheetData, type WorkbookData } from './workbook';

/** Resolves a relationship target against the folder of the part that names it. */
function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function relsOf(files: Map<string, Uint8Array>, part: string): Map<string, { type: string; target: string }> {
  const slash = part.lastIndexOf('/');
  const relsPath = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const out = new Map<string, { type: string; target: string }>();
  const root = parseMarkup(utf8(files.get(relsPath)), 'xml');
  for (const rel of childElements(firstChild(root, 'Relationships') ?? root, 'Relationship')) {
    if (rel.attrs.Id && rel.attrs.Target) out.set(rel.attrs.Id, { type: rel.attrs.Type ?? '', target: resolvePart(part, rel.attrs.Target) });
  }
  return out;
}

const local = (el: MarkupElement) => el.name.slice(el.name.indexOf(':') + 1);
const kids = (el: MarkupElement | undefined, name: string) => (el ? el.children.filter((c): c is MarkupElement => typeof c !== 'string' && local(c) === name) : []);
const kid = (el: MarkupElement | undefined, name: string) => kids(el, name)[0];
const on = (el: MarkupElement | undefined) => !!el && el.attrs.val !== '0' && el.attrs.val !== 'false';
const rgb = (el: MarkupElement | undefined) => {
  const v = el?.attrs.rgb;
  return v && /^[0-9a-fA-F]{8}$/.test(v) ? `#${v.slice(2).toLowerCase()}` : v && /^[0-9a-fA-F]{6}$/.test(v) ? `#${v.toLowerCase()}` : undefined;
};

/** The cell formats of styles.xml as our styles, by xf index. */
function readStyles(source: string): Array<CellStyle | undefined> {
  const root = parseMarkup(source, 'xml');
  const sheet = root.children.find((c): c is MarkupElement => typeof c !== 'string' && local(c) === 'styleSheet');
  if (!sheet) return [];
  const formats = new Map<number, string>(Object.entries(XLSX_BUILTIN_FORMATS).map(([id, code]) => [Number(id), code]));
  for (const f of kids(kid(sheet, 'numFmts'), 'numFmt')) formats.set(Number(f.attrs.numFmtId), f.attrs.formatCode ?? '');
  const fonts = kids(kid(sheet, 'fonts'), 'font').map((f): CellStyle => {
    const u = kid(f, 'u');
    const color = rgb(kid(f, 'color'));
    return {
      ...(on(kid(f, 'b')) ? { bold: true } : {}),
      ...(on(kid(f, 'i')) ? { italic: true } : {}),
      ...(u && u.attrs.val !== 'none' ? { underline: true } : {}),
      ...(on(kid(f, 'strike')) ? { strike: true } : {}),
      // Black is every program's default text colour; keeping it would only add noise.
      ...(color && color !== '#000000' ? { color } : {}),
    };
  });
  const fills = kids(kid(sheet, 'fills'), 'fill').map((f): string | undefined => {
    const p = kid(f, 'patternFill');
    return p?.attrs.patternType === 'solid' ? (rgb(kid(p, 'fgColor')) ?? rgb(kid(p, 'bgColor'))) : undefined;
  });
  return kids(kid(sheet, 'cellXfs'), 'xf').map((xf) => {
    const a = kid(xf, 'alignment');
    const h = a?.attrs.horizontal;
    const v = a?.attrs.vertical;
    const code = formats.get(Number(xf.attrs.numFmtId ?? 0));
    const style: CellStyle = {
      ...fonts[Number(xf.attrs.fontId ?? 0)],
      ...(fills[Number(xf.attrs.fillId ?? 0)] ? { background: fills[Number(xf.attrs.fillId ?? 0)] } : {}),
      ...(h === 'left' || h === 'center' || h === 'right' ? { align: h } : {}),
      // Bottom is Excel's default alignment, written out by some programs for every cell.
      ...(v === 'top' ? { valign: v } : v === 'center' ? { valign: 'middle' as const } : {}),
      ...(a?.attrs.wrapText === '1' || a?.attrs.wrapText === 'true' ? { wrap: true } : {}),
      ...(code && code !== 'General' && code.length <= 100 ? { numberFormat: code } : {}),
    };
    return Object.keys(style).length ? style : undefined;
  });
}

function readSharedStrings(source: string | undefined): string[] {
  const out: string[] = [];
  if (!source) return out;
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  sax(source, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && current !== null && phonetic === 0) inText = true;
    },
    text(t) {
      if (inText) current += t;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        out.push(current ?? '');
        current = null;
      }
    },
  });
  return out;
}

interface Shared {
  formula: string;
  row: number;
  col: number;
}

function readSheet(name: string, source: string, strings: string[], styles: Array<CellStyle | undefined>, counter: LimitCounter): SheetData {
  const sheet = emptySheet(name);
  const shared = new Map<string, Shared>();
  const widths: Array<{ min: number; max: number; px: number }> = [];
  let row = -1;
  let col = -1;
  let cell: { t: string; s: number; v: string; f: string | null; fAttrs: Record<string, string>; inline: string } | null = null;
  let textOf: 'v' | 'f' | 't' | null = null;
  sax(source, {
    open(el, attrs) {
      switch (el) {
        case 'pane':
          if (attrs.state === 'frozen' || attrs.state === 'frozenSplit') {
            sheet.frozen = { rows: Math.min(1000, Math.max(0, Math.trunc(Number(attrs.ySplit ?? 0)) || 0)), cols: Math.min(100, Math.max(0, Math.trunc(Number(attrs.xSplit ?? 0)) || 0)) };
          }
          break;
        case 'col': {
          const px = clampWidth(attrs.width !== undefined ? xlsxWidthToPx(Number(attrs.width)) : undefined);
          if (px !== undefined && attrs.customWidth !== '0' && attrs.customWidth !== 'false') widths.push({ min: Number(attrs.min) - 1, max: Number(attrs.max) - 1, px });
          break;
        }
        case 'row':
          row = attrs.r !== undefined ? Number(attrs.r) - 1 : row + 1;
          col = -1;
          break;
        case 'c': {
          const at = attrs.r ? parseA1(attrs.r) : null;
          if (at) [row, col] = [at.row, at.col];
          else col++;
          cell = { t: attrs.t ?? 'n', s: Number(attrs.s ?? 0), v: '', f: null, fAttrs: {}, inline: '' };
          break;
        }
        case 'v':
          textOf = 'v';
          break;
        case 'f':
          textOf = 'f';
          if (cell) [cell.f, cell.fAttrs] = ['', attrs];
          break;
        case 't':
          if (cell?.t === 'inlineStr') textOf = 't';
          break;
        case 'mergeCell': {
          const [a, b] = (attrs.ref ?? '').split(':').map((x) => parseA1(x));
          if (a) {
            const end = b ?? a;
            sheet.merges.push({ row: a.row, col: a.col, rowspan: end.row - a.row + 1, colspan: end.col - a.col + 1 });
          }
          break;
        }
      }
    },
    text(t) {
      if (!cell || !textOf) return;
      if (textOf === 'v') cell.v += t;
      else if (textOf === 'f') cell.f += t;
      else cell.inline += t;
    },
    close(el) {
      if (el === 'v' || el === 'f' || el === 't') textOf = null;
      if (el !== 'c' || !cell) return;
      const c = cell;
      cell = null;
      if (row < 0 || col < 0) throw malformed(`Sheet "${name}" has a cell without a valid position`);
      let formula: string | undefined;
      if (c.f !== null && c.fAttrs.t === 'shared' && c.fAttrs.si !== undefined) {
        if (c.f.trim()) shared.set(c.fAttrs.si, { formula: c.f, row, col });
        const master = shared.get(c.fAttrs.si);
        if (master) formula = master.row === row && master.col === col ? master.formula : shiftA1Formula(master.formula, row - master.row, col - master.col);
      } else if (c.f?.trim()) formula = c.f;
      const value = cellValue(c.t, c.v, c.inline, strings);
      if (value === null && formula === undefined) return;
      counter.cell(name, row, col);
      const style = styles[c.s];
      const data: CellData = { row, col, value };
      if (formula !== undefined) data.formula = `=${stripFunctionPrefixes(formula.trim())}`;
      if (c.t === 'e' && typeof value === 'string' && isErrorCode(value)) data.error = true;
      if (style) data.style = style;
      sheet.cells.push(data);
    },
  });
  const used = sheetExtent(sheet).cols;
  for (const w of widths) {
    // Programs write one entry for "all remaining columns"; only columns in use keep it then.
    const last = Math.min(w.max, w.max - w.min < 64 ? w.max : used - 1, counter.limits.maxCols - 1);
    for (let i = Math.max(0, w.min); i <= last; i++) sheet.colWidths[i] = w.px;
  }
  tidyImportedCells(sheet.cells);
  return sheet;
}

function cellValue(t: string, v: string, inline: string, strings: string[]): CellData['value'] {
  switch (t) {
    case 's': {
      const s = strings[Number(v)];
      return s === undefined || s === '' ? null : s;
    }
    case 'inlineStr':
      return inline === '' ? null : inline;
    case 'str':
    case 'e':
      return v === '' ? null : v;
    case 'b':
      return v === '' ? null : v === '1' || v === 'true';
    case 'd':
      return v === '' ? null : v.slice(0, 10);
    default: {
      if (v.trim() === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n)) throw malformed(`A number cell holds "${v.slice(0, 20)}"`);
      return n;
    }
  }
}

/** An XLSX workbook (Excel, LibreOffice, ours) → workbook data, within the import limits. */
export function xlsxToWorkbook(bytes: Uint8Array, opts: { unzip: UnzipLimits; limits?: SheetLimits }): WorkbookData {
  const files = unzipBounded(bytes, (n) => n.endsWith('.xml') || n.endsWith('.rels'), opts.unzip);
  const counter = new LimitCounter(opts.limits ?? SHEET_IMPORT_LIMITS);
  const rootRels = relsOf(files, '');
  const main = [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbookXml = files.get(main);
  if (!workbookXml) throw malformed('The file is not an Excel workbook: the workbook part is missing');
  const rels = relsOf(files, main);
  const styleRel = [...rels.values()].find((r) => r.type.endsWith('/styles'));
  const stringsRel = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'));
  const styles = styleRel && files.has(styleRel.target) ? readStyles(utf8(files.get(styleRel.target))) : [];
  const strings = readSharedStrings(stringsRel ? utf8(files.get(stringsRel.target)) : undefined);
  const wbRoot = parseMarkup(utf8(workbookXml), 'xml');
  const wbEl = wbRoot.children.find((c): c is MarkupElement => typeof c !== 'string' && local(c) === 'workbook');
  const entries = kids(kid(wbEl, 'sheets'), 'sheet');
  if (entries.length === 0) throw malformed('The workbook has no sheets');
  counter.sheet(entries.length);
  const sheets = entries.map((e) => {
    const rid = Object.entries(e.attrs).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
    const target = rid ? rels.get(rid)?.target : undefined;
    const xml = target ? files.get(target) : undefined;
    if (!xml) throw malformed(`The worksheet of sheet "${e.attrs.name ?? '?'}" is missing`);
    return readSheet(e.attrs.name ?? 'Tabelle', utf8(xml), strings, styles, counter);
  });
  return { sheets };
}

