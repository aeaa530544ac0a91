import * as Y from 'yjs';

/** What an incoming update would change, in terms of the document's root types. */
export interface UpdateRoots {
  /** Names of the root types the update adds content to or deletes content from. */
  roots: Set<string>;
  /**
   * Some struct or delete refers to content that neither the update nor the document holds,
   * so where it lands cannot be known before that content arrives.
   */
  unresolved: boolean;
}

const UNRESOLVED = Symbol('unresolved');
/** Refers to garbage-collected content: Yjs turns such an item into a GC struct, it lands nowhere. */
const COLLECTED = Symbol('collected');
type Place = string | typeof UNRESOLVED | typeof COLLECTED;

type Struct = Y.Item | Y.GC | Y.Skip;

/**
 * Answers "which root types does this update touch" against the live document, without
 * applying anything. An item's place follows from its explicit parent (a root name or the id
 * of a nested type) or, when the encoder left that out, from its left or right origin. Those
 * are looked up in the document first and in the update itself second. Content the document
 * already holds is skipped, so a client that sends back what it received is not blamed for it.
 *
 * The cost is one decode plus a binary search per struct and per delete range; a typing update
 * holds one or two of each.
 */
export function updateRoots(doc: Y.Doc, update: Uint8Array): UpdateRoots {
  const { structs, ds } = Y.decodeUpdate(update);
  return new Inspection(doc, structs as Struct[]).run(ds);
}

class Inspection {
  private readonly roots = new Set<string>();
  private unresolved = false;
  private readonly byClient = new Map<number, Struct[]>();
  private readonly memo = new Map<Y.Item, Place>();
  private readonly visiting = new Set<Y.Item>();
  private readonly typeRoots = new Map<Y.AbstractType<unknown>, Place>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly structs: Struct[],
  ) {
    for (const s of structs) {
      if (s instanceof Y.Skip) continue;
      const list = this.byClient.get(s.id.client);
      if (list) list.push(s);
      else this.byClient.set(s.id.client, [s]);
    }
    // The decoder yields each client's structs in clock order; binary search relies on it.
    for (const list of this.byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  }

  run(ds: ReturnType<typeof Y.decodeUpdate>['ds']): UpdateRoots {
    for (const s of this.structs) {
      if (!(s instanceof Y.Item)) continue;
      if (s.id.clock + s.length <= this.known(s.id.client)) continue;
      this.note(this.placeOfItem(s));
    }
    for (const [client, ranges] of ds.clients) {
      for (const { clock, len } of ranges) this.deleteRange(client, clock, clock + len);
    }
    return { roots: this.roots, unresolved: this.unresolved };
  }

  private note(place: Place): void {
    if (place === UNRESOLVED) this.unresolved = true;
    else if (place !== COLLECTED) this.roots.add(place);
  }

  private known(client: number): number {
    return Y.getState(this.doc.store, client);
  }

  private deleteRange(client: number, start: number, end: number): void {
    const known = this.known(client);
    if (start < known) {
      // Deleting what the document holds: only live items change anything.
      const structs = this.doc.store.clients.get(client)!;
      for (let i = Y.findIndexSS(structs, start); i < structs.length && structs[i].id.clock < end; i++) {
        const s = structs[i];
        if (s instanceof Y.Item && !s.deleted) this.note(this.placeOfType(s.parent));
      }
    }
    // The rest must be content of this very update.
    let clock = Math.max(start, known);
    while (clock < end) {
      const s = this.findInUpdate(client, clock);
      if (!s) {
        this.unresolved = true;
        return;
      }
      if (s instanceof Y.Item) this.note(this.placeOfItem(s));
      clock = s.id.clock + s.length;
    }
  }

  /** The root holding the item with this id (or the type whose item has this id). */
  private placeOfId(id: Y.ID): Place {
    if (id.clock < this.known(id.client)) {
      const s = Y.getItem(this.doc.store, id) as Struct;
      return s instanceof Y.Item ? this.placeOfType(s.parent) : COLLECTED;
    }
    const s = this.findInUpdate(id.client, id.clock);
    if (!s) return UNRESOLVED;
    return s instanceof Y.Item ? this.placeOfItem(s) : COLLECTED;
  }

  private placeOfItem(item: Y.Item): Place {
    const cached = this.memo.get(item);
    if (cached !== undefined) return cached;
    // A malformed update may point items at each other in a circle.
    if (this.visiting.has(item)) return UNRESOLVED;
    this.visiting.add(item);
    // Undecoded parent info is a root name (string) or the id of the nested type's item.
    const parent = item.parent as unknown as string | Y.ID | null;
    let place: Place;
    if (typeof parent === 'string') place = parent;
    else if (parent) place = this.placeOfId(parent);
    else if (item.origin) place = this.placeOfId(item.origin);
    else if (item.rightOrigin) place = this.placeOfId(item.rightOrigin);
    else place = UNRESOLVED;
    this.visiting.delete(item);
    this.memo.set(item, place);
    return place;
  }

  /** The root name of an integrated type of the live document. */
  private placeOfType(type: Y.AbstractType<unknown> | Y.ID | null): Place {
    if (!(type instanceof Y.AbstractType)) return UNRESOLVED;
    const cached = this.typeRoots.get(type);
    if (cached !== undefined) return cached;
    let t: Y.AbstractType<unknown> = type;
    while (t._item !== null) {
      const p = t._item.parent;
      if (!(p instanceof Y.AbstractType)) return UNRESOLVED;
      t = p;
    }
    let place: Place;
    try {
      place = Y.findRootTypeKey(t);
    } catch {
      place = UNRESOLVED;
    }
    this.typeRoots.set(type, place);
    return place;
  }

  private findInUpdate(client: number, clock: number): Y.Item | Y.GC | undefined {
    const list = this.byClient.get(client);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid];
      if (clock < s.id.clock) hi = mid - 1;
      else if (clock >= s.id.clock + s.length) lo = mid + 1;
      else return s as Y.Item | Y.GC;
    }
    return undefined;
  }
}
