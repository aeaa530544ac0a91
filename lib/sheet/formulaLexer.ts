import { columnIndex, rowIndex } from './a1';
import { LOCALE_FACTS, matchErrorLiteral, type FormulaLocale } from './locale';
import { decodeStoredRef, type RefKind, type StoredRef } from './storedRef';

/** One coordinate of an A1 reference as typed: 0-based index and whether it had a `$`. */
export interface A1Coord {
  index: number;
  abs: boolean;
}

export interface A1RefSyntax {
  /** Sheet name as typed (unquoted), when the reference had a sheet prefix. */
  sheet?: string;
  kind: RefKind;
  col1?: A1Coord;
  row1?: A1Coord;
  col2?: A1Coord;
  row2?: A1Coord;
}

/**
 * Tokens keep their exact source text, so anything the lexer does not understand passes
 * through unchanged. Only references, function names, names (TRUE/FALSE), numbers, error
 * literals and separators are ever rewritten; string literals never are.
 */
export type FormulaToken =
  | { type: 'ref'; text: string; ref: A1RefSyntax }
  | { type: 'storedRef'; text: string; ref: StoredRef }
  | { type: 'function'; text: string }
  | { type: 'name'; text: string }
  | { type: 'number'; text: string; value: string }
  | { type: 'string'; text: string }
  | { type: 'error'; text: string; code: string }
  | { type: 'argSep' | 'arrayColSep' | 'arrayRowSep'; text: string }
  | { type: 'other'; text: string };

export interface LexOptions {
  locale: FormulaLocale;
  /** Recognise `{{…}}` id references (stored form); never for user input. */
  stored: boolean;
}

const WS = /\s+/y;
const SHEET_PLAIN = /([\p{L}\p{N}_.]+)!/uy;
const CELL = /(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)/y;
const COLS = /(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})/y;
const ROWS = /(\$?)([0-9]+):(\$?)([0-9]+)/y;
const IDENT = /[\p{L}_][\p{L}\p{N}_.]*/uy;
const NUMBER: Record<FormulaLocale, RegExp> = {
  en: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y,
  de: /(?:\d+(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?/y,
};
/** A reference may not run straight into these (`LOG10(` is a function, `A1B` a name). */
const NOT_AFTER_REF = /[\p{L}\p{N}_.(]/u;
const WORD_START = /[\p{L}\p{N}_$.,]/u;
const SPACE = /\s/;

// ASCII fast paths: lexing runs for every formula whenever a sheet is evaluated.
function isSpace(code: number, ch: string): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || (code > 127 && SPACE.test(ch));
}

function isWordStart(code: number, ch: string): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 36 ||
    code === 46 ||
    code === 44 ||
    (code > 127 && WORD_START.test(ch))
  );
}

function withSheet(ref: A1RefSyntax, sheet: string | undefined): A1RefSyntax {
  return sheet !== undefined ? { sheet, ...ref } : ref;
}

function sticky(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

/** `'Mein Blatt'!` at pos → [name, position after `!`]. */
function quotedSheet(s: string, pos: number): [string, number] | null {
  if (s[pos] !== "'") return null;
  let j = pos + 1;
  while (j < s.length) {
    if (s[j] === "'") {
      if (s[j + 1] === "'") {
        j += 2;
        continue;
      }
      break;
    }
    j++;
  }
  if (s[j] !== "'" || s[j + 1] !== '!' || j === pos + 1) return null;
  return [s.slice(pos + 1, j).replace(/''/g, "'"), j + 2];
}

function sheetAt(s: string, pos: number): [string, number] | null {
  const q = quotedSheet(s, pos);
  if (q) return q;
  const m = sticky(SHEET_PLAIN, s, pos);
  return m ? [m[1], SHEET_PLAIN.lastIndex] : null;
}

const a1Coord = (dollar: string, index: number): A1Coord => ({ index, abs: dollar === '$' });

function cellAt(s: string, pos: number): { end: number; col: A1Coord; row: A1Coord } | null {
  const m = sticky(CELL, s, pos);
  if (!m) return null;
  const col = columnIndex(m[2]);
  const row = rowIndex(m[4]);
  if (col < 0 || row < 0) return null;
  return { end: CELL.lastIndex, col: a1Coord(m[1], col), row: a1Coord(m[3], row) };
}

/** The reference body after an optional sheet prefix; `sheet` is that prefix, for range ends. */
function refBodyAt(s: string, pos: number, sheet: string | undefined): { end: number; ref: A1RefSyntax } | null {
  let found: { end: number; ref: A1RefSyntax } | null = null;
  const first = cellAt(s, pos);
  if (first) {
    found = { end: first.end, ref: withSheet({ kind: 'cell', col1: first.col, row1: first.row }, sheet) };
    if (s[first.end] === ':') {
      // The far corner may repeat the sheet (`Sheet1!A1:Sheet1!B2`); only the same sheet joins.
      const second = sheetAt(s, first.end + 1);
      const sameSheet = second && sheet !== undefined && second[0].toLowerCase() === sheet.toLowerCase();
      const end = cellAt(s, sameSheet ? second[1] : first.end + 1);
      if (end && (!second || sameSheet)) {
        found = { end: end.end, ref: withSheet({ kind: 'range', col1: first.col, row1: first.row, col2: end.col, row2: end.row }, sheet) };
      }
    }
  } else {
    const cols = sticky(COLS, s, pos);
    if (cols) {
      const [a, b] = [columnIndex(cols[2]), columnIndex(cols[4])];
      if (a >= 0 && b >= 0) found = { end: COLS.lastIndex, ref: withSheet({ kind: 'cols', col1: a1Coord(cols[1], a), col2: a1Coord(cols[3], b) }, sheet) };
    } else {
      const rows = sticky(ROWS, s, pos);
      if (rows) {
        const [a, b] = [rowIndex(rows[2]), rowIndex(rows[4])];
        if (a >= 0 && b >= 0) found = { end: ROWS.lastIndex, ref: withSheet({ kind: 'rows', row1: a1Coord(rows[1], a), row2: a1Coord(rows[3], b) }, sheet) };
      }
    }
  }
  if (found && found.end < s.length && NOT_AFTER_REF.test(s[found.end])) return null;
  return found;
}

function stringEnd(s: string, pos: number): number {
  let j = pos + 1;
  while (j < s.length) {
    if (s[j] === '"') {
      if (s[j + 1] === '"') {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return s.length;
}

export function lexFormula(s: string, { locale, stored }: LexOptions): FormulaToken[] {
  const facts = LOCALE_FACTS[locale];
  const tokens: FormulaToken[] = [];
  let i = 0;
  let arrayDepth = 0;
  // Unquoted sheet prefixes need a `!`; most formulas have none, so skip looking for them.
  const mayHaveSheets = s.includes('!');
  while (i < s.length) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if (ch === '"') {
      const end = stringEnd(s, i);
      tokens.push({ type: 'string', text: s.slice(i, end) });
      i = end;
      continue;
    }
    if (isSpace(code, ch)) {
      sticky(WS, s, i);
      tokens.push({ type: 'other', text: s.slice(i, WS.lastIndex) });
      i = WS.lastIndex;
      continue;
    }
    if (stored && ch === '{' && s[i + 1] === '{') {
      const close = s.indexOf('}}', i + 2);
      const ref = close > 0 ? decodeStoredRef(s.slice(i + 2, close)) : null;
      if (ref) {
        tokens.push({ type: 'storedRef', text: s.slice(i, close + 2), ref });
        i = close + 2;
        continue;
      }
    }
    if (ch === '#') {
      const err = matchErrorLiteral(s, i, locale);
      if (err) {
        tokens.push({ type: 'error', text: err[0], code: err[1] });
        i += err[0].length;
        continue;
      }
    }
    if (ch === "'") {
      const sheet = quotedSheet(s, i);
      const body = sheet ? refBodyAt(s, sheet[1], sheet[0]) : null;
      if (body) {
        tokens.push({ type: 'ref', text: s.slice(i, body.end), ref: body.ref });
        i = body.end;
        continue;
      }
    }
    if (ch === '{' || ch === '}') {
      arrayDepth = Math.max(0, arrayDepth + (ch === '{' ? 1 : -1));
      tokens.push({ type: 'other', text: ch });
      i++;
      continue;
    }
    if (arrayDepth === 0 && ch === facts.argSep) {
      tokens.push({ type: 'argSep', text: ch });
      i++;
      continue;
    }
    if (arrayDepth > 0 && (ch === facts.arrayColSep || ch === facts.arrayRowSep)) {
      tokens.push({ type: ch === facts.arrayColSep ? 'arrayColSep' : 'arrayRowSep', text: ch });
      i++;
      continue;
    }
    if (isWordStart(code, ch)) {
      if (mayHaveSheets && ch !== '$') {
        const plain = sticky(SHEET_PLAIN, s, i);
        const body = plain ? refBodyAt(s, SHEET_PLAIN.lastIndex, plain[1]) : null;
        if (body) {
          tokens.push({ type: 'ref', text: s.slice(i, body.end), ref: body.ref });
          i = body.end;
          continue;
        }
      }
      const body = refBodyAt(s, i, undefined);
      if (body) {
        tokens.push({ type: 'ref', text: s.slice(i, body.end), ref: body.ref });
        i = body.end;
        continue;
      }
      const num = sticky(NUMBER[locale], s, i);
      if (num && num[0].length > 0) {
        tokens.push({ type: 'number', text: num[0], value: locale === 'de' ? num[0].replace(',', '.') : num[0] });
        i += num[0].length;
        continue;
      }
      const ident = sticky(IDENT, s, i);
      if (ident) {
        const end = i + ident[0].length;
        tokens.push({ type: s[end] === '(' ? 'function' : 'name', text: ident[0] });
        i = end;
        continue;
      }
    }
    tokens.push({ type: 'other', text: ch });
    i++;
  }
  return tokens;
}
