import type { CellAddress } from './types';

/** Spreadsheet limits (Excel's), used to decide what text is an A1 reference at all. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** 0 → `A`, 25 → `Z`, 26 → `AA`. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `A` → 0, `aa` → 26; -1 for anything that is not 1–3 letters within the column limit. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n <= MAX_COLS ? n - 1 : -1;
}

/** 1-based row text to a 0-based index; -1 when out of range. */
export function rowIndex(digits: string): number {
  const n = Number(digits);
  return Number.isInteger(n) && n >= 1 && n <= MAX_ROWS ? n - 1 : -1;
}

export function formatA1(addr: CellAddress): string {
  return `${columnLetters(addr.col)}${addr.row + 1}`;
}

/** `B3` or `$B$3` → { row: 2, col: 1 }; null when it is not a cell address. */
export function parseA1(text: string): CellAddress | null {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]+)$/.exec(text.trim());
  if (!m) return null;
  const col = columnIndex(m[1]);
  const row = rowIndex(m[2]);
  return col < 0 || row < 0 ? null : { row, col };
}

/** A range as written by API callers: `A1`, `A1:C3`, `Sheet2!A1:B2`, `'Mein Blatt'!C4`. */
export interface A1Range {
  sheet?: string;
  start: CellAddress;
  end: CellAddress;
}

export function parseA1Range(text: string): A1Range | null {
  let rest = text.trim();
  let sheet: string | undefined;
  const quoted = /^'((?:[^']|'')+)'!/.exec(rest);
  const plain = quoted ? null : /^([^'!]+)!/.exec(rest);
  if (quoted) sheet = quoted[1].replace(/''/g, "'");
  else if (plain) sheet = plain[1];
  if (quoted || plain) rest = rest.slice((quoted ?? plain)![0].length);
  const [a, b, extra] = rest.split(':');
  if (extra !== undefined) return null;
  const start = parseA1(a);
  const end = b === undefined ? start : parseA1(b);
  if (!start || !end) return null;
  return {
    ...(sheet !== undefined ? { sheet } : {}),
    start: { row: Math.min(start.row, end.row), col: Math.min(start.col, end.col) },
    end: { row: Math.max(start.row, end.row), col: Math.max(start.col, end.col) },
  };
}

const PLAIN_SHEET_NAME = /^[\p{L}_][\p{L}\p{N}_.]*$/u;
const CELL_LIKE = /^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|true|false)$/i;

/** The sheet prefix of a reference: quoted (apostrophes doubled) unless the name is plain. */
export function sheetPrefix(name: string, forceQuotes = false): string {
  if (!forceQuotes && PLAIN_SHEET_NAME.test(name) && !CELL_LIKE.test(name)) return `${name}!`;
  return `'${name.replace(/'/g, "''")}'!`;
}
