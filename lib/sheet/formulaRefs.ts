import { columnLetters, sheetPrefix } from './a1';
import type { SheetGeometry } from './geometry';
import { lexFormula, type A1Coord, type A1RefSyntax, type FormulaToken } from './formulaLexer';
import { LOCALE_FACTS, formulaLocale, functionFromLocale, functionToLocale, localizeError, type FormulaLocale } from './locale';
import { encodeStoredRef, type IdCoord, type StoredRef } from './storedRef';

/**
 * What rewriting needs to know about the workbook: the positions of each sheet and how sheets
 * are named. The model provides one for display (user-visible names), the engine one with its
 * internal sheet names.
 */
export interface RefContext {
  /** The sheet that holds the formula; references without a sheet prefix point into it. */
  sheetId: string;
  /** Positions of a sheet; undefined when the sheet does not exist (deleted). */
  geometry(sheetId: string): SheetGeometry | undefined;
  sheetIdByName(name: string): string | undefined;
  sheetName(sheetId: string): string | undefined;
}

const REF_ERROR = '#REF!';

/** A stored value (or typed input) that is a formula: `=` and something after it. */
export function isFormula(v: unknown): boolean {
  return typeof v === 'string' && v.length > 1 && v.startsWith('=');
}

/**
 * A1 reference as typed → stored id reference. A single cell outside the grid is `#REF!`; a
 * range whose far end lies beyond the grid ends at the last row/column (`A2:A1000` on a sheet
 * of 100 rows becomes `A2:A100`), its near end outside the grid makes it `#REF!`.
 */
function a1ToStored(ref: A1RefSyntax, ctx: RefContext): string {
  let sheetId: string | undefined;
  if (ref.sheet !== undefined) {
    sheetId = ctx.sheetIdByName(ref.sheet);
    if (sheetId === undefined) return REF_ERROR;
  }
  const g = ctx.geometry(sheetId ?? ctx.sheetId);
  if (!g) return REF_ERROR;
  const pick = (ids: readonly string[], c: A1Coord, clamp: boolean): IdCoord | null => {
    if (c.index < ids.length) return { id: ids[c.index], abs: c.abs };
    return clamp && ids.length > 0 ? { id: ids[ids.length - 1], abs: c.abs } : null;
  };
  const ordered = (a: A1Coord, b: A1Coord): [A1Coord, A1Coord] => (a.index <= b.index ? [a, b] : [b, a]);
  const base: Pick<StoredRef, 'sheetId'> = sheetId !== undefined ? { sheetId } : {};
  if (ref.kind === 'cell') {
    const c1 = pick(g.colIds, ref.col1!, false);
    const r1 = pick(g.rowIds, ref.row1!, false);
    return c1 && r1 ? encodeStoredRef({ ...base, kind: 'cell', c1, r1 }) : REF_ERROR;
  }
  let c1: IdCoord | null = null,
    c2: IdCoord | null = null,
    r1: IdCoord | null = null,
    r2: IdCoord | null = null;
  if (ref.col1 && ref.col2) {
    const [lo, hi] = ordered(ref.col1, ref.col2);
    [c1, c2] = [pick(g.colIds, lo, false), pick(g.colIds, hi, true)];
    if (!c1 || !c2) return REF_ERROR;
  }
  if (ref.row1 && ref.row2) {
    const [lo, hi] = ordered(ref.row1, ref.row2);
    [r1, r2] = [pick(g.rowIds, lo, false), pick(g.rowIds, hi, true)];
    if (!r1 || !r2) return REF_ERROR;
  }
  return encodeStoredRef({ ...base, kind: ref.kind, ...(c1 ? { c1, c2: c2! } : {}), ...(r1 ? { r1, r2: r2! } : {}) });
}

export interface RenderOptions {
  /** Quote every sheet name (the engine's internal names look like cell addresses). */
  quoteSheets?: boolean;
  /**
   * For the engine: bare TRUE/FALSE become TRUE()/FALSE() (HyperFormula has no boolean
   * literals), and whole columns/rows become cell ranges over the sheet's current size
   * (`A:B` → `A1:B100`), because HyperFormula 3.5 keeps stale values behind whole-line ranges
   * after row/column operations.
   */
  engine?: boolean;
}

const indexIn = (index: ReadonlyMap<string, number>, c: IdCoord | undefined): number => (c ? (index.get(c.id) ?? -1) : -1);
const colText = (i: number, abs: boolean) => (abs ? '$' : '') + columnLetters(i);
const rowText = (i: number, abs: boolean) => (abs ? '$' : '') + (i + 1);

/** Stored id reference → A1 text at the current positions, or `#REF!` if a target is gone. */
export function storedRefToA1(ref: StoredRef, ctx: RefContext, opts: RenderOptions = {}): string {
  const sheetId = ref.sheetId ?? ctx.sheetId;
  const g = ctx.geometry(sheetId);
  if (!g) return REF_ERROR;
  let prefix = '';
  if (ref.sheetId !== undefined) {
    const name = ctx.sheetName(sheetId);
    if (name === undefined) return REF_ERROR;
    prefix = sheetPrefix(name, opts.quoteSheets);
  }
  const c1 = indexIn(g.colIndex, ref.c1);
  const r1 = indexIn(g.rowIndex, ref.r1);
  if (ref.kind === 'cell') return c1 < 0 || r1 < 0 ? REF_ERROR : prefix + colText(c1, ref.c1!.abs) + rowText(r1, ref.r1!.abs);
  const c2 = indexIn(g.colIndex, ref.c2);
  const r2 = indexIn(g.rowIndex, ref.r2);
  // After moves a range's corners may have swapped order; show it the way spreadsheets do,
  // each `$` staying with its row or column.
  let cols = '';
  let cols2 = '';
  if (ref.kind !== 'rows') {
    if (c1 < 0 || c2 < 0) return REF_ERROR;
    const swap = c2 < c1;
    cols = colText(swap ? c2 : c1, (swap ? ref.c2 : ref.c1)!.abs);
    cols2 = colText(swap ? c1 : c2, (swap ? ref.c1 : ref.c2)!.abs);
  }
  let rows = '';
  let rows2 = '';
  if (opts.engine && ref.kind === 'cols') {
    rows = '1';
    rows2 = String(Math.max(1, g.rowIds.length));
  } else if (opts.engine && ref.kind === 'rows') {
    cols = 'A';
    cols2 = columnLetters(Math.max(1, g.colIds.length) - 1);
  }
  if (ref.kind !== 'cols') {
    if (r1 < 0 || r2 < 0) return REF_ERROR;
    const swap = r2 < r1;
    rows = rowText(swap ? r2 : r1, (swap ? ref.r2 : ref.r1)!.abs);
    rows2 = rowText(swap ? r1 : r2, (swap ? ref.r1 : ref.r2)!.abs);
  }
  return prefix + cols + rows + ':' + cols2 + rows2;
}

const BOOLEAN_NAMES: Record<string, 'TRUE' | 'FALSE'> = { TRUE: 'TRUE', FALSE: 'FALSE', WAHR: 'TRUE', FALSCH: 'FALSE' };

/** A formula as typed (`=SUMME(A1;2,5)` in German) → stored form (`=SUM({{…}},2.5)`). */
export function formulaToStored(input: string, localeTag: string, ctx: RefContext): string {
  const locale = formulaLocale(localeTag);
  let out = '';
  for (const t of lexFormula(input, { locale, stored: false })) {
    switch (t.type) {
      case 'ref':
        out += a1ToStored(t.ref, ctx);
        break;
      case 'function':
        out += functionFromLocale(t.text, locale);
        break;
      case 'name': {
        const upper = t.text.toUpperCase();
        const bool = BOOLEAN_NAMES[upper];
        out += bool && (locale === 'de' || upper === bool) ? bool : t.text;
        break;
      }
      case 'number':
        out += t.value;
        break;
      case 'error':
        out += t.code;
        break;
      case 'argSep':
      case 'arrayColSep':
        out += ',';
        break;
      case 'arrayRowSep':
        out += ';';
        break;
      default:
        out += t.text;
    }
  }
  return out;
}

/** Lexes a stored formula once; the engine keeps the tokens and re-renders them after moves. */
export function lexStored(stored: string): FormulaToken[] {
  return lexFormula(stored, { locale: 'en', stored: true });
}

export function renderStoredTokens(tokens: readonly FormulaToken[], locale: FormulaLocale, ctx: RefContext, opts: RenderOptions = {}): string {
  const facts = LOCALE_FACTS[locale];
  let out = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'storedRef': {
        const a1 = storedRefToA1(t.ref, ctx, opts);
        out += a1 === REF_ERROR ? localizeError(REF_ERROR, locale) : a1;
        break;
      }
      case 'function':
        out += functionToLocale(t.text, locale);
        break;
      case 'name': {
        // The stored form is English: only TRUE/FALSE are booleans there (a stored `Wahr`
        // is a name someone typed in English notation).
        const upper = t.text.toUpperCase();
        const bool = upper === 'TRUE' || upper === 'FALSE' ? upper : undefined;
        if (bool && opts.engine) out += `${bool}()`;
        else if (bool) out += bool === 'TRUE' ? facts.trueName : facts.falseName;
        else out += t.text;
        break;
      }
      case 'number':
        out += locale === 'de' ? t.value.replace('.', ',') : t.value;
        break;
      case 'error':
        out += localizeError(t.code, locale);
        break;
      case 'argSep':
        out += facts.argSep;
        break;
      case 'arrayColSep':
        out += facts.arrayColSep;
        break;
      case 'arrayRowSep':
        out += facts.arrayRowSep;
        break;
      default:
        out += t.text;
    }
  }
  return out;
}

/** Stored formula → what a user of `locale` sees and edits, at the current positions. */
export function formulaToA1(stored: string, localeTag: string, ctx: RefContext): string {
  return renderStoredTokens(lexStored(stored), formulaLocale(localeTag), ctx);
}

/** The id references of a stored formula, in order of appearance. */
export function storedRefs(stored: string): StoredRef[] {
  const refs: StoredRef[] = [];
  for (const t of lexStored(stored)) if (t.type === 'storedRef') refs.push(t.ref);
  return refs;
}

/**
 * How far the A1 references of a typed formula reach, per sheet prefix (undefined: the
 * formula's own sheet), as row/column counts. A grid can grow the sheet to this size first, in
 * the same transaction, so that `=A500` on a sheet of 100 rows does not become `#REF!`.
 */
export function referencedExtent(input: string, localeTag: string): Array<{ sheet?: string; rows: number; cols: number }> {
  const bySheet = new Map<string | undefined, { rows: number; cols: number }>();
  for (const t of lexFormula(input, { locale: formulaLocale(localeTag), stored: false })) {
    if (t.type !== 'ref') continue;
    const key = t.ref.sheet;
    const e = bySheet.get(key) ?? { rows: 0, cols: 0 };
    for (const c of [t.ref.col1, t.ref.col2]) if (c) e.cols = Math.max(e.cols, c.index + 1);
    for (const r of [t.ref.row1, t.ref.row2]) if (r) e.rows = Math.max(e.rows, r.index + 1);
    bySheet.set(key, e);
  }
  return [...bySheet].map(([sheet, e]) => ({ ...(sheet !== undefined ? { sheet } : {}), ...e }));
}
