import { escapeXml } from '../markup';

/**
 * Number formats between the spreadsheet format codes the model keeps (`#,##0.00`, `0%`,
 * `DD.MM.YYYY`) and ODF's number styles, which spell a format out as elements. Only the common
 * shapes are mapped (numbers with decimals and grouping, percentages, scientific, dates); other
 * codes are kept in XLSX and dropped in ODS.
 */

interface NumberShape {
  kind: 'number' | 'percent' | 'scientific';
  decimals: number;
  grouping: boolean;
  minInt: number;
}

function numberShape(code: string): NumberShape | null {
  const m = /^(#,##0|0+)(?:\.(0+))?(%|E\+00)?$/i.exec(code.trim());
  if (!m) return null;
  return {
    kind: m[3] === '%' ? 'percent' : m[3] ? 'scientific' : 'number',
    decimals: m[2]?.length ?? 0,
    grouping: m[1] === '#,##0',
    minInt: m[1] === '#,##0' ? 1 : m[1].length,
  };
}

type DatePart = { t: 'day' | 'month' | 'year'; long: boolean } | { t: 'text'; text: string };

function dateParts(code: string): DatePart[] | null {
  const parts: DatePart[] = [];
  const re = /(Y{4}|Y{2}|M{1,2}|D{1,2})|([^YMD]+)/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(code))) {
    if (m[1]) {
      const u = m[1][0].toUpperCase();
      parts.push({ t: u === 'Y' ? 'year' : u === 'M' ? 'month' : 'day', long: m[1].length > (u === 'Y' ? 2 : 1) });
    } else if (/^[ ./\-,]+$/.test(m[2])) parts.push({ t: 'text', text: m[2] });
    else return null;
  }
  return parts.some((p) => p.t !== 'text') ? parts : null;
}

/** An ODF number style for the code, named `name`; null when the code has no ODF equivalent. */
export function odsDataStyle(name: string, code: string): string | null {
  const n = numberShape(code);
  const attrs = (s: NumberShape) => `number:decimal-places="${s.decimals}" number:min-decimal-places="${s.decimals}" number:min-integer-digits="${s.minInt}"${s.grouping ? ' number:grouping="true"' : ''}`;
  if (n?.kind === 'number') return `<number:number-style style:name="${name}"><number:number ${attrs(n)}/></number:number-style>`;
  if (n?.kind === 'percent') return `<number:percentage-style style:name="${name}"><number:number ${attrs(n)}/><number:text>%</number:text></number:percentage-style>`;
  if (n?.kind === 'scientific') return `<number:number-style style:name="${name}"><number:scientific-number number:decimal-places="${n.decimals}" number:min-integer-digits="${n.minInt}" number:min-exponent-digits="2"/></number:number-style>`;
  const d = dateParts(code);
  if (!d) return null;
  const inner = d
    .map((p) => (p.t === 'text' ? `<number:text>${escapeXml(p.text)}</number:text>` : `<number:${p.t}${p.long ? ' number:style="long"' : ''}/>`))
    .join('');
  return `<number:date-style style:name="${name}">${inner}</number:date-style>`;
}

/** A minimal element as the ODS reader collects number styles. */
export interface StyleNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: StyleNode[];
}

/** The format code of an ODF number style element; undefined for styles we do not map. */
export function codeFromOdsDataStyle(el: StyleNode): string | undefined {
  const num = el.children.find((c) => c.name === 'number:number' || c.name === 'number:scientific-number');
  if (el.name === 'number:number-style' || el.name === 'number:percentage-style') {
    if (!num) return undefined;
    const decimals = Number(num.attrs['number:decimal-places'] ?? 0);
    const grouping = num.attrs['number:grouping'] === 'true';
    const minInt = Math.max(1, Number(num.attrs['number:min-integer-digits'] ?? 1));
    const int = grouping ? '#,##0' : '0'.repeat(minInt);
    const base = `${int}${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}`;
    if (num.name === 'number:scientific-number') return `${base}E+00`;
    return el.name === 'number:percentage-style' ? `${base}%` : base;
  }
  if (el.name === 'number:date-style') {
    let code = '';
    for (const c of el.children) {
      const long = c.attrs['number:style'] === 'long';
      if (c.name === 'number:day') code += long ? 'DD' : 'D';
      else if (c.name === 'number:month') code += long ? 'MM' : 'M';
      else if (c.name === 'number:year') code += long ? 'YYYY' : 'YY';
      else if (c.name === 'number:text') code += c.text;
      else return undefined;
    }
    return code || undefined;
  }
  return undefined;
}

/** Excel's built-in number formats by id (those a file may use without declaring them). */
export const XLSX_BUILTIN_FORMATS: Record<number, string> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  14: 'DD.MM.YYYY',
  49: '@',
};
