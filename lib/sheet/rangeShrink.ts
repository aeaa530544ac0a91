import { lexStored } from './formulaRefs';
import { encodeStoredRef, type IdCoord, type StoredRef } from './storedRef';

/**
 * Rows (or columns) about to be deleted from one sheet. A range whose first or last line is
 * among them shrinks to the lines that remain, as in other spreadsheets: `=SUM(A2:A10)` becomes
 * `=SUM(A2:A9)` when row 10 goes. References name ids, and a deleted corner id would otherwise
 * turn the whole range into #REF!. A range that loses all its lines, and a single cell that is
 * deleted, still become #REF!.
 */
export interface LineDeletion {
  sheetId: string;
  dim: 'rows' | 'cols';
  /** The sheet's row (or column) ids in order, before the deletion. */
  view: readonly string[];
  doomed: ReadonlySet<string>;
}

/** Ids a stored formula names as rows (`r=`, `r2=`) or columns (`c=`, `c2=`). */
const ROW_IDS = /[{,]r2?=\$?([A-Za-z0-9_-]+)/g;
const COL_IDS = /[{,]c2?=\$?([A-Za-z0-9_-]+)/g;

/** Position lookups for one deletion, built once and shared by every formula it rewrites. */
export function prepareDeletion(d: LineDeletion): (stored: string, formulaSheetId: string) => string | null {
  let positions: Map<string, number> | null = null;
  const pattern = d.dim === 'rows' ? ROW_IDS : COL_IDS;
  return (stored, formulaSheetId) => {
    // Most formulas name no deleted line: a scan of the text, no lexing.
    let hit = false;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(stored); m && !hit; m = pattern.exec(stored)) hit = d.doomed.has(m[1]);
    if (!hit) return null;
    positions ??= new Map(d.view.map((id, i) => [id, i]));
    return shrinkRanges(stored, formulaSheetId, d, positions);
  };
}

function shrinkRanges(stored: string, formulaSheetId: string, d: LineDeletion, positions: Map<string, number>): string | null {
  let changed = false;
  let out = '';
  for (const t of lexStored(stored)) {
    const ref = t.type === 'storedRef' && (t.ref.sheetId ?? formulaSheetId) === d.sheetId ? shrunk(t.ref, d, positions) : null;
    if (ref) changed = true;
    out += ref ? encodeStoredRef(ref) : t.text;
  }
  return changed ? out : null;
}

function shrunk(ref: StoredRef, d: LineDeletion, positions: Map<string, number>): StoredRef | null {
  const spans = ref.kind === 'range' || ref.kind === (d.dim === 'rows' ? 'rows' : 'cols');
  const [a, b] = d.dim === 'rows' ? [ref.r1, ref.r2] : [ref.c1, ref.c2];
  if (!spans || !a || !b || (!d.doomed.has(a.id) && !d.doomed.has(b.id))) return null;
  const pa = positions.get(a.id);
  const pb = positions.get(b.id);
  if (pa === undefined || pb === undefined) return null;
  const [lo, hi] = pa <= pb ? [pa, pb] : [pb, pa];
  let first = lo;
  while (first <= hi && d.doomed.has(d.view[first])) first++;
  if (first > hi) return null;
  let last = hi;
  while (d.doomed.has(d.view[last])) last--;
  const at = (pos: number, like: IdCoord): IdCoord => ({ id: d.view[pos], abs: like.abs });
  // Each corner keeps its side of the range (a range written bottom-up stays so).
  const na = at(pa <= pb ? first : last, a);
  const nb = at(pa <= pb ? last : first, b);
  return d.dim === 'rows' ? { ...ref, r1: na, r2: nb } : { ...ref, c1: na, c2: nb };
}
