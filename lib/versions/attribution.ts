/**
 * Who wrote and who deleted which part of a Yjs document. The server knows the user behind
 * every change it applies, so it records, per Yjs client id, from which clock on that client's
 * content was written by which user (one client is one editor session; the server's own client
 * writes API changes for many users, hence clock ranges), and per user the ids they deleted.
 * Both survive garbage collection: ids stay in the document as tombstones even when the
 * deleted content is gone.
 */
export interface Attribution {
  /** client → marks sorted by clock: from `clock` on (until the next mark) written by `userId`. */
  marks: Map<number, Array<[clock: number, userId: string | null]>>;
  /** userId → client → sorted, non-overlapping [clock, length] ranges the user deleted. */
  deletes: Map<string, Map<number, Array<[clock: number, len: number]>>>;
}

/** The shape of Yjs' DeleteSet (`transaction.deleteSet`, `Y.decodeUpdate(u).ds`). */
export interface DeleteSetLike {
  clients: Map<number, Array<{ clock: number; len: number }>>;
}

export function emptyAttribution(): Attribution {
  return { marks: new Map(), deletes: new Map() };
}

/** Index of the last entry whose first element is <= clock, or -1. */
function lastAtOrBefore<T extends [number, unknown]>(list: T[], clock: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid][0] <= clock) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function authorAt(a: Attribution, client: number, clock: number): string | null {
  const list = a.marks.get(client);
  if (!list) return null;
  const i = lastAtOrBefore(list, clock);
  return i < 0 ? null : list[i][1];
}

/**
 * Records that `client`'s content from `clock` to `end` (exclusive) was written by `userId`.
 * Yjs integrates a client's content in clock order, so a new range always starts at the end of
 * what is known of that client: nothing after it needs to keep an older mark.
 */
export function addInsert(a: Attribution, client: number, clock: number, end: number, userId: string | null): void {
  if (end <= clock) return;
  const list = (a.marks.get(client) ?? []).filter(([c]) => c < clock);
  if (list.length === 0 || list[list.length - 1][1] !== userId) list.push([clock, userId]);
  a.marks.set(client, list);
}

function addRange(ranges: Array<[number, number]>, clock: number, len: number): void {
  let start = clock;
  let end = clock + len;
  // Merge with every range that touches [start, end).
  let i = lastAtOrBefore(ranges, start);
  if (i >= 0 && ranges[i][0] + ranges[i][1] >= start) {
    start = ranges[i][0];
    end = Math.max(end, ranges[i][0] + ranges[i][1]);
  } else i++;
  let j = i;
  while (j < ranges.length && ranges[j][0] <= end) {
    end = Math.max(end, ranges[j][0] + ranges[j][1]);
    j++;
  }
  ranges.splice(i, j - i, [start, end - start]);
}

export function addDeletes(a: Attribution, userId: string, ds: DeleteSetLike): void {
  let byClient = a.deletes.get(userId);
  for (const [client, items] of ds.clients) {
    if (items.length === 0) continue;
    if (!byClient) a.deletes.set(userId, (byClient = new Map()));
    let ranges = byClient.get(client);
    if (!ranges) byClient.set(client, (ranges = []));
    for (const { clock, len } of items) addRange(ranges, clock, len);
  }
}

/** The user who deleted the id, when one is known. */
export function deleterAt(a: Attribution, client: number, clock: number): string | null {
  for (const [userId, byClient] of a.deletes) {
    const ranges = byClient.get(client);
    if (!ranges) continue;
    const i = lastAtOrBefore(ranges, clock);
    if (i >= 0 && clock < ranges[i][0] + ranges[i][1]) return userId;
  }
  return null;
}

/**
 * Adds older knowledge (a stored version's) to what was recorded since the document was
 * loaded: for each client, older marks count below the first clock recorded since.
 */
export function mergeAttribution(into: Attribution, older: Attribution): void {
  for (const [client, list] of older.marks) {
    const mine = into.marks.get(client);
    const firstNew = mine?.[0]?.[0] ?? Infinity;
    into.marks.set(client, [...list.filter(([c]) => c < firstNew).map(([c, u]): [number, string | null] => [c, u]), ...(mine ?? [])]);
  }
  for (const [userId, byClient] of older.deletes) {
    addDeletes(into, userId, { clients: new Map([...byClient].map(([client, ranges]) => [client, ranges.map(([clock, len]) => ({ clock, len }))])) });
  }
}

interface AttributionJson {
  v: 1;
  marks: Record<string, Array<[number, string | null]>>;
  deletes: Record<string, Record<string, Array<[number, number]>>>;
}

export function encodeAttribution(a: Attribution): string {
  const json: AttributionJson = {
    v: 1,
    marks: Object.fromEntries([...a.marks].map(([client, list]) => [String(client), list])),
    deletes: Object.fromEntries([...a.deletes].map(([userId, byClient]) => [userId, Object.fromEntries([...byClient].map(([c, r]) => [String(c), r]))])),
  };
  return JSON.stringify(json);
}

/** Reads stored attribution; anything unreadable counts as "nothing known", never as an error. */
export function decodeAttribution(text: string): Attribution {
  const a = emptyAttribution();
  let json: Partial<AttributionJson>;
  try {
    json = JSON.parse(text) as Partial<AttributionJson>;
  } catch {
    return a;
  }
  for (const [client, list] of Object.entries(json.marks ?? {})) {
    if (Array.isArray(list)) a.marks.set(Number(client), list.filter((m) => Array.isArray(m) && typeof m[0] === 'number').sort((x, y) => x[0] - y[0]));
  }
  for (const [userId, byClient] of Object.entries(json.deletes ?? {})) {
    const map = new Map<number, Array<[number, number]>>();
    for (const [client, ranges] of Object.entries(byClient ?? {})) if (Array.isArray(ranges)) map.set(Number(client), ranges);
    a.deletes.set(userId, map);
  }
  return a;
}
