import type * as Y from 'yjs';

/**
 * Structural edits on a `rows`/`cols` (or `sheetOrder`) array. Callers speak in view positions
 * (first occurrence of each id, see geometry.ts); these helpers map them to raw array indexes,
 * so a duplicate left by a concurrent move never shifts what the user meant.
 */

function firstRawIndex(raw: readonly unknown[]): Map<string, number> {
  const m = new Map<string, number>();
  raw.forEach((id, i) => {
    if (typeof id === 'string' && !m.has(id)) m.set(id, i);
  });
  return m;
}

/** Inserts `ids` before the id now at view position `index` (or at the end). */
export function insertAtView(arr: Y.Array<unknown>, view: readonly string[], index: number, ids: string[]): void {
  const rawIndex = index < view.length ? firstRawIndex(arr.toArray()).get(view[index])! : arr.length;
  arr.insert(rawIndex, ids);
}

/** Deletes every occurrence of `ids`, from the end so earlier indexes stay valid. */
export function deleteIds(arr: Y.Array<unknown>, ids: Iterable<string>): void {
  const doomed = new Set(ids);
  const all = arr.toArray();
  for (let i = all.length - 1; i >= 0; ) {
    if (typeof all[i] !== 'string' || !doomed.has(all[i] as string)) {
      i--;
      continue;
    }
    let start = i;
    while (start - 1 >= 0 && typeof all[start - 1] === 'string' && doomed.has(all[start - 1] as string)) start--;
    arr.delete(start, i - start + 1);
    i = start - 1;
  }
}

/** Moves the view block [from, from+count) so that it starts at view position `to` afterwards. */
export function moveInView(arr: Y.Array<unknown>, view: readonly string[], from: number, count: number, to: number): void {
  const ids = view.slice(from, from + count);
  const rest = view.filter((_, i) => i < from || i >= from + count);
  deleteIds(arr, ids);
  insertAtView(arr, rest, to, ids);
}
