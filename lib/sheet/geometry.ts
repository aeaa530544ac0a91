/**
 * The positions of one sheet, derived from its id arrays. Concurrent moves can leave an id twice
 * in `rows`/`cols` (two users move the same row at once: each deletes the original and inserts a
 * copy). Everything reads the arrays through this view, which keeps only the first occurrence,
 * so every replica derives the same positions from the same state before cleanup runs.
 */
export interface SheetGeometry {
  readonly rowIds: readonly string[];
  readonly colIds: readonly string[];
  readonly rowIndex: ReadonlyMap<string, number>;
  readonly colIndex: ReadonlyMap<string, number>;
}

export function dedupeIds(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of raw) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

function indexOf(ids: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  ids.forEach((id, i) => m.set(id, i));
  return m;
}

export function buildGeometry(rawRows: readonly string[], rawCols: readonly string[]): SheetGeometry {
  const rowIds = dedupeIds(rawRows);
  const colIds = dedupeIds(rawCols);
  return { rowIds, colIds, rowIndex: indexOf(rowIds), colIndex: indexOf(colIds) };
}

/**
 * One step that turns an old id list into a new one, in positions of the list as it is when the
 * step runs: first `remove` (from the end backwards), then `move`, then `insert` (ascending).
 * A move takes the run [from, from+count) and puts it before the item now at `to` (`to` may be
 * the length: at the end), which is HyperFormula's `moveRows` convention. A grid or the formula
 * engine replays these on its own index-based state.
 */
export type IdListStep =
  | { type: 'remove'; index: number; count: number }
  | { type: 'move'; from: number; count: number; to: number }
  | { type: 'insert'; index: number; ids: string[] };

/** Indexes of a longest strictly increasing subsequence of `seq` (patience sorting). */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]] < seq[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) keep.add(i);
  return keep;
}

/**
 * The steps from `before` to `after` (both without duplicates). Moves are few: items on a
 * longest increasing subsequence stay put, the others move as runs. With `maxMoves`, returns
 * null as soon as more move steps would be needed (a sort, say), so callers can reload instead.
 */
export function diffIds(before: readonly string[], after: readonly string[], maxMoves = Infinity): IdListStep[] | null {
  const steps: IdListStep[] = [];
  const afterSet = new Set(after);
  const removed: number[] = [];
  before.forEach((id, i) => {
    if (!afterSet.has(id)) removed.push(i);
  });
  for (let k = removed.length - 1; k >= 0; ) {
    let start = removed[k];
    let count = 1;
    while (k - count >= 0 && removed[k - count] === start - 1) {
      start--;
      count++;
    }
    steps.push({ type: 'remove', index: start, count });
    k -= count;
  }
  const cur = before.filter((id) => afterSet.has(id));
  const curSet = new Set(cur);
  const target = after.filter((id) => curSet.has(id));
  const targetPos = new Map(target.map((id, i) => [id, i]));
  const keepIdx = longestIncreasing(cur.map((id) => targetPos.get(id)!));
  const staying = new Set([...keepIdx].map((i) => cur[i]));
  // Place every moving item right after its predecessor in the target order, in runs.
  let moves = 0;
  for (let t = 0; t < target.length; ) {
    if (staying.has(target[t])) {
      t++;
      continue;
    }
    const from = cur.indexOf(target[t]);
    let count = 1;
    while (t + count < target.length && !staying.has(target[t + count]) && cur[from + count] === target[t + count]) count++;
    const to = t === 0 ? 0 : cur.indexOf(target[t - 1]) + 1;
    if (++moves > maxMoves) return null;
    steps.push({ type: 'move', from, count, to });
    const run = cur.splice(from, count);
    cur.splice(to > from ? to - count : to, 0, ...run);
    t += count;
  }
  for (let i = 0; i < after.length; ) {
    if (curSet.has(after[i])) {
      i++;
      continue;
    }
    const ids: string[] = [];
    const index = i;
    while (i < after.length && !curSet.has(after[i])) ids.push(after[i++]);
    steps.push({ type: 'insert', index, ids });
  }
  return steps;
}

/** Replays steps on a plain list (tests, and any client that keeps positions itself). */
export function applyIdSteps<T>(list: T[], steps: readonly IdListStep[], fill: (id: string) => T): T[] {
  const out = list.slice();
  for (const step of steps) {
    if (step.type === 'remove') out.splice(step.index, step.count);
    else if (step.type === 'move') {
      const run = out.splice(step.from, step.count);
      out.splice(step.to > step.from ? step.to - step.count : step.to, 0, ...run);
    } else out.splice(step.index, 0, ...step.ids.map(fill));
  }
  return out;
}
