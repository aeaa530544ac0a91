import * as Y from 'yjs';
import { chunkRowIds } from '../../lib/sheet/cellChunks';
import { SHEETS_MAP, SHEET_PARTS, splitCellKey } from '../../lib/sheet/sheetDoc';

/**
 * Which rows of which sheets an incoming update changes, in lib/sheet's layout, decided against
 * the live document without applying anything:
 *
 * - a write or delete of `cells` key `rowId:colId` changes row `rowId`;
 * - a write or delete of a `base` chunk changes every row packed in it;
 * - a write or delete of `rowMeta` key `rowId` changes row `rowId` and may set its owner;
 * - deleting an id from `rows` deletes that row;
 * - replacing a part of a sheet map (`cells`, `rows`, …) or deleting a whole sheet changes every
 *   row of that sheet (`wholeSheets`).
 *
 * Content this update creates inside itself (a new sheet) belongs to no existing row. Updates
 * whose place cannot be decided are refused earlier (server/sync/updateRoots.ts), so places
 * that cannot be resolved here are skipped.
 */
export interface RowWrites {
  /** sheetId → row ids changed. */
  rows: Map<string, Set<string>>;
  /** Sheets changed as a whole. */
  wholeSheets: Set<string>;
  /** Rows whose `rowMeta` value this update writes (owner changes are decided by the caller). */
  rowMetaValues: Array<{ sheetId: string; rowId: string; value: unknown }>;
}

type Struct = Y.Item | Y.GC | Y.Skip;
/** Any shared type of the document, whatever its event type. */
type AnyType = ReturnType<Y.Doc['get']>;
type Slot = { type: AnyType; key: string | null };

const PARTS: ReadonlySet<string> = new Set(SHEET_PARTS);

export function rowWrites(doc: Y.Doc, update: Uint8Array): RowWrites {
  const { structs, ds } = Y.decodeUpdate(update);
  const result: RowWrites = { rows: new Map(), wholeSheets: new Set(), rowMetaValues: [] };
  const inUpdate = new Map<number, Struct[]>();
  for (const s of structs as Struct[]) {
    if (s instanceof Y.Skip) continue;
    const list = inUpdate.get(s.id.client) ?? [];
    list.push(s);
    inUpdate.set(s.id.client, list);
  }
  const known = (client: number) => Y.getState(doc.store, client);
  const findInUpdate = (id: Y.ID): Y.Item | undefined => {
    const s = (inUpdate.get(id.client) ?? []).find((x) => id.clock >= x.id.clock && id.clock < x.id.clock + x.length);
    return s instanceof Y.Item ? s : undefined;
  };

  /** The live type and map key an item of the update is written to; null when not a live type. */
  const slotOf = (item: Y.Item, depth = 0): Slot | null => {
    if (depth > 64) return null;
    const parent = item.parent as unknown as string | Y.ID | null;
    if (typeof parent === 'string') {
      const root = doc.share.get(parent);
      return root ? { type: root, key: item.parentSub } : null;
    }
    if (parent) {
      if (parent.clock >= known(parent.client)) return null; // a type this update creates
      const owner = Y.getItem(doc.store, parent) as Struct;
      const type = owner instanceof Y.Item && owner.content instanceof Y.ContentType ? (owner.content.type as AnyType) : null;
      return type ? { type, key: item.parentSub } : null;
    }
    const origin = item.origin ?? item.rightOrigin;
    if (!origin) return null;
    if (origin.clock < known(origin.client)) {
      const o = Y.getItem(doc.store, origin) as Struct;
      return o instanceof Y.Item && o.parent instanceof Y.AbstractType ? { type: o.parent, key: o.parentSub } : null;
    }
    const o = findInUpdate(origin);
    return o ? slotOf(o, depth + 1) : null;
  };

  const note = (slot: Slot, deletedRowIds: unknown[] | null, value: unknown, isWrite: boolean) => {
    const where = classify(slot.type);
    if (!where) return;
    const add = (rowId: string) => {
      const set = result.rows.get(where.sheetId) ?? new Set<string>();
      set.add(rowId);
      result.rows.set(where.sheetId, set);
    };
    if (where.part === null) {
      // The sheets root (a whole sheet) or a sheet map's own key.
      if (where.sheetId === '' && slot.key) result.wholeSheets.add(slot.key);
      else if (where.sheetId && slot.key && PARTS.has(slot.key)) result.wholeSheets.add(where.sheetId);
      return;
    }
    if (where.part === 'cells' && slot.key) {
      const split = splitCellKey(slot.key);
      if (split) add(split[0]);
    } else if (where.part === 'base') {
      for (const id of chunkRowIds(value)) add(id);
    } else if (where.part === 'rowMeta' && slot.key) {
      add(slot.key);
      if (isWrite) result.rowMetaValues.push({ sheetId: where.sheetId, rowId: slot.key, value });
    } else if (where.part === 'rows' && deletedRowIds) {
      for (const id of deletedRowIds) if (typeof id === 'string') add(id);
    }
  };

  for (const s of structs as Struct[]) {
    if (!(s instanceof Y.Item) || s.id.clock + s.length <= known(s.id.client)) continue;
    const slot = slotOf(s);
    if (slot) note(slot, null, contentValue(s), true);
  }
  for (const [client, ranges] of ds.clients) {
    const list = doc.store.clients.get(client);
    if (!list) continue;
    for (const { clock, len } of ranges) {
      const end = Math.min(clock + len, known(client));
      for (let i = clock < end ? Y.findIndexSS(list, clock) : list.length; i < list.length && list[i].id.clock < end; i++) {
        const item = list[i];
        if (!(item instanceof Y.Item) || item.deleted || !(item.parent instanceof Y.AbstractType)) continue;
        // Only the deleted part of an item's content (rows: a slice of row ids).
        const from = Math.max(clock - item.id.clock, 0);
        const to = Math.min(end - item.id.clock, item.length);
        const ids = item.content instanceof Y.ContentAny ? item.content.arr.slice(from, to) : [];
        note({ type: item.parent, key: item.parentSub }, ids, contentValue(item), false);
      }
    }
  }
  return result;
}

/** A map entry's value: JSON content, or the bytes of a packed chunk. */
function contentValue(item: Y.Item): unknown {
  if (item.content instanceof Y.ContentAny) return item.content.arr[0];
  if (item.content instanceof Y.ContentBinary) return item.content.content;
  return undefined;
}

/**
 * Where a live type sits: the `sheets` root (sheetId ''), a sheet map (part null), or a part of a
 * sheet. Null for anything else.
 */
function classify(type: AnyType): { sheetId: string; part: string | null } | null {
  const sheets = type.doc?.share.get(SHEETS_MAP);
  if (!sheets) return null;
  if (type === sheets) return { sheetId: '', part: null };
  const item = type._item;
  if (!item) return null;
  if (item.parent === sheets && item.parentSub) return { sheetId: item.parentSub, part: null };
  const sheetItem = (item.parent as AnyType | null)?._item;
  if (sheetItem && sheetItem.parent === sheets && sheetItem.parentSub && item.parentSub) return { sheetId: sheetItem.parentSub, part: item.parentSub };
  return null;
}
