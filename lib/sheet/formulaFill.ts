import { isFormula, lexStored, type RefContext } from './formulaRefs';
import { encodeStoredRef, type IdCoord, type StoredRef } from './storedRef';
import type { RawValue } from './types';

/**
 * Where a copied formula lands relative to where it was copied from. `targetSheetId` is the
 * sheet pasted into when it differs from the source sheet (`ctx.sheetId`).
 */
export interface FillOffset {
  rows: number;
  cols: number;
  targetSheetId?: string;
}

/**
 * Rewrites a stored formula for a paste or fill: relative parts move by the offset, absolute
 * (`$`) parts stay, exactly as spreadsheets do. References without a sheet prefix follow the
 * formula into the target sheet. A part that would leave the grid, or whose target no longer
 * exists, becomes `#REF!`. String literals and everything else stay as they are.
 */
export function shiftFormula(stored: string, offset: FillOffset, ctx: RefContext): string {
  let out = '';
  for (const t of lexStored(stored)) out += t.type === 'storedRef' ? shiftRef(t.ref, offset, ctx) : t.text;
  return out;
}

/** A raw cell value as pasted at an offset: formulas shift, everything else is copied. */
export function shiftRawValue(v: RawValue, offset: FillOffset, ctx: RefContext): RawValue {
  return typeof v === 'string' && isFormula(v) ? shiftFormula(v, offset, ctx) : v;
}

function shiftRef(ref: StoredRef, offset: FillOffset, ctx: RefContext): string {
  const source = ctx.geometry(ref.sheetId ?? ctx.sheetId);
  const target = ref.sheetId !== undefined ? source : ctx.geometry(offset.targetSheetId ?? ctx.sheetId);
  if (!source || !target) return '#REF!';
  let broken = false;
  const move = (c: IdCoord | undefined, from: ReadonlyMap<string, number>, to: readonly string[], delta: number): IdCoord | undefined => {
    if (!c) return undefined;
    const index = from.get(c.id);
    if (index === undefined) {
      broken = true;
      return c;
    }
    const moved = c.abs ? index : index + delta;
    if (moved < 0 || moved >= to.length) {
      broken = true;
      return c;
    }
    return { id: to[moved], abs: c.abs };
  };
  const next: StoredRef = {
    ...(ref.sheetId !== undefined ? { sheetId: ref.sheetId } : {}),
    kind: ref.kind,
    ...(ref.c1 ? { c1: move(ref.c1, source.colIndex, target.colIds, offset.cols) } : {}),
    ...(ref.r1 ? { r1: move(ref.r1, source.rowIndex, target.rowIds, offset.rows) } : {}),
    ...(ref.c2 ? { c2: move(ref.c2, source.colIndex, target.colIds, offset.cols) } : {}),
    ...(ref.r2 ? { r2: move(ref.r2, source.rowIndex, target.rowIds, offset.rows) } : {}),
  };
  return broken ? '#REF!' : encodeStoredRef(next);
}
