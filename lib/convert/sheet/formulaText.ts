import { columnLetters, columnIndex, sheetPrefix } from '../../sheet/a1';
import { lexFormula, type A1Coord, type A1RefSyntax } from '../../sheet/formulaLexer';

/**
 * Formula text between our A1 form (English notation, what lib/sheet renders with locale 'en')
 * and the files: XLSX keeps the same syntax without the `=`; ODS uses OpenFormula
 * (`of:=SUM([.A1:.B2];1)`). The lexer of lib/sheet finds the references, so string literals
 * and everything it does not understand pass through unchanged.
 */

const col = (c: A1Coord) => `${c.abs ? '$' : ''}${columnLetters(c.index)}`;
const row = (r: A1Coord) => `${r.abs ? '$' : ''}${r.index + 1}`;

/** A1 text of a reference body, without the sheet. */
function refBody(ref: A1RefSyntax): string[] {
  switch (ref.kind) {
    case 'cell':
      return [`${col(ref.col1!)}${row(ref.row1!)}`];
    case 'range':
      return [`${col(ref.col1!)}${row(ref.row1!)}`, `${col(ref.col2!)}${row(ref.row2!)}`];
    case 'cols':
      return [col(ref.col1!), col(ref.col2!)];
    case 'rows':
      return [row(ref.row1!), row(ref.row2!)];
  }
}

function renderA1(ref: A1RefSyntax): string {
  return `${ref.sheet !== undefined ? sheetPrefix(ref.sheet) : ''}${refBody(ref).join(':')}`;
}

/**
 * An XLSX shared formula as it reads in a cell `rows`/`cols` away from the cell that holds its
 * text: relative parts move, `$` parts stay, parts pushed off the grid become `#REF!`.
 */
export function shiftA1Formula(formula: string, rows: number, cols: number): string {
  let out = '';
  for (const t of lexFormula(formula, { locale: 'en', stored: false })) {
    if (t.type !== 'ref') {
      out += t.text;
      continue;
    }
    const move = (c: A1Coord | undefined, d: number): A1Coord | undefined => (c ? { index: c.abs ? c.index : c.index + d, abs: c.abs } : undefined);
    const r = t.ref;
    const moved: A1RefSyntax = { ...r, col1: move(r.col1, cols), col2: move(r.col2, cols), row1: move(r.row1, rows), row2: move(r.row2, rows) };
    const off = [moved.col1, moved.col2, moved.row1, moved.row2].some((c) => c !== undefined && c.index < 0);
    out += off ? '#REF!' : renderA1(moved);
  }
  return out;
}

/** Excel writes newer functions with a namespace (`_xlfn.IFS`); spreadsheets know them by name. */
export function stripFunctionPrefixes(formula: string): string {
  let out = '';
  for (const t of lexFormula(formula, { locale: 'en', stored: false })) out += t.type === 'string' ? t.text : t.text.replace(/_xl(?:fn|ws)\./gi, '');
  return out;
}

// ── OpenFormula (ODS) ─────────────────────────────────────────────────────────────────────

const OF_NEEDS_QUOTES = /[^\p{L}\p{N}_]/u;

function ofSheet(name: string): string {
  return OF_NEEDS_QUOTES.test(name) || /^\d/.test(name) ? `'${name.replace(/'/g, "''")}'` : name;
}

/** `=SUM(A1:B2,1)` → `of:=SUM([.A1:.B2];1)`. */
export function a1ToOpenFormula(formula: string): string {
  const body = formula.startsWith('=') ? formula.slice(1) : formula;
  let out = '';
  for (const t of lexFormula(body, { locale: 'en', stored: false })) {
    switch (t.type) {
      case 'ref': {
        const [a, b] = refBody(t.ref);
        const sheet = t.ref.sheet !== undefined ? `$${ofSheet(t.ref.sheet)}` : '';
        out += `[${sheet}.${a}${b !== undefined ? `:.${b}` : ''}]`;
        break;
      }
      case 'argSep':
      case 'arrayColSep':
        out += ';';
        break;
      case 'arrayRowSep':
        out += '|';
        break;
      case 'name': {
        const upper = t.text.toUpperCase();
        // OpenFormula has no boolean literals, only the functions.
        out += upper === 'TRUE' || upper === 'FALSE' ? `${upper}()` : t.text;
        break;
      }
      default:
        out += t.text;
    }
  }
  return `of:=${out}`;
}

/** `of:=SUM([.A1:.B2];1)` (or without the namespace) → `=SUM(A1:B2,1)`. */
export function openFormulaToA1(formula: string): string {
  let s = formula.replace(/^[a-z]+:(?==)/i, '');
  if (s.startsWith('=')) s = s.slice(1);
  let out = '';
  let arrayDepth = 0;
  for (let i = 0; i < s.length; ) {
    const ch = s[i];
    if (ch === '"') {
      const end = literalEnd(s, i, '"');
      out += s.slice(i, end);
      i = end;
    } else if (ch === '[') {
      const end = bracketEnd(s, i);
      out += ofRefToA1(s.slice(i + 1, end - 1));
      i = end;
    } else {
      if (ch === '{') arrayDepth++;
      else if (ch === '}') arrayDepth = Math.max(0, arrayDepth - 1);
      out += ch === ';' ? ',' : ch === '|' && arrayDepth > 0 ? ';' : ch;
      i++;
    }
  }
  return `=${out}`;
}

function literalEnd(s: string, pos: number, quote: string): number {
  let j = pos + 1;
  while (j < s.length) {
    if (s[j] === quote) {
      if (s[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return s.length;
}

function bracketEnd(s: string, pos: number): number {
  let j = pos + 1;
  while (j < s.length && s[j] !== ']') j = s[j] === "'" ? literalEnd(s, j, "'") : j + 1;
  return Math.min(j + 1, s.length);
}

/** One side of an OpenFormula reference: `$'Blatt 2'.$A$1`, `.A1`, `.A`, `.1`. */
function ofPart(part: string): { sheet?: string; addr: string } | null {
  let p = part.replace(/^\$/, '');
  let sheet: string | undefined;
  if (p.startsWith("'")) {
    const end = literalEnd(p, 0, "'");
    sheet = p.slice(1, end - 1).replace(/''/g, "'");
    p = p.slice(end);
  } else {
    const dot = p.lastIndexOf('.');
    if (dot > 0) {
      sheet = p.slice(0, dot);
      p = p.slice(dot);
    }
  }
  if (!p.startsWith('.')) return null;
  const addr = p.slice(1);
  return /^\$?[A-Za-z]{1,3}(\$?\d+)?$|^\$?\d+$/.test(addr) ? { ...(sheet !== undefined ? { sheet } : {}), addr } : null;
}

function ofRefToA1(inner: string): string {
  const parts: string[] = [];
  let start = 0;
  for (let j = 0; j < inner.length; ) {
    if (inner[j] === "'") j = literalEnd(inner, j, "'");
    else if (inner[j] === ':') {
      parts.push(inner.slice(start, j));
      start = ++j;
    } else j++;
  }
  parts.push(inner.slice(start));
  const parsed = parts.map(ofPart);
  if (parsed.length > 2 || parsed.some((p) => p === null)) return '#REF!';
  const [a, b] = parsed as Array<{ sheet?: string; addr: string }>;
  // A whole column is written `[.A1:.A1048576]` by some versions; keep it as written.
  const isCol = (x: string) => /^\$?[A-Za-z]{1,3}$/.test(x) && columnIndex(x.replace('$', '')) >= 0;
  if (b && isCol(a.addr) !== isCol(b.addr)) return '#REF!';
  const prefix = a.sheet !== undefined ? sheetPrefix(a.sheet) : '';
  return `${prefix}${a.addr}${b ? `:${b.addr}` : ''}`;
}

/** Points sheet prefixes at new names (`Sheet1!A1` → `'Sheet1 (2)'!A1`), case-insensitively. */
export function renameSheetsInFormula(formula: string, renamed: ReadonlyMap<string, string>): string {
  if (renamed.size === 0 || !formula.includes('!')) return formula;
  let out = '';
  for (const t of lexFormula(formula, { locale: 'en', stored: false })) {
    const to = t.type === 'ref' && t.ref.sheet !== undefined ? renamed.get(t.ref.sheet.toLowerCase()) : undefined;
    out += t.type === 'ref' && to !== undefined ? renderA1({ ...t.ref, sheet: to }) : t.text;
  }
  return out;
}
