import * as Y from 'yjs';
import { CONTENT_FIELD } from '../richtext/extensions';
import { authorAt, deleterAt, type Attribution } from './attribution';

export type DiffOp = 'same' | 'ins' | 'del';

export interface DiffSpan {
  text: string;
  op: DiffOp;
  /** Who inserted (`ins`) or deleted (`del`) it; null when unknown or unchanged. */
  userId: string | null;
}

/** One text block (paragraph, heading, code block) or leaf block (image, rule) of the newer version. */
export interface DiffBlock {
  node: string;
  attrs: Record<string, unknown>;
  /** Names of the enclosing containers, outermost first (bulletList, listItem, table, …). */
  containers: string[];
  /** `ins`/`del` when the whole block was added or removed. */
  op: DiffOp;
  userId: string | null;
  spans: DiffSpan[];
}

/**
 * Compares two states of one text document, walking the newer state's item lists including
 * tombstones. With garbage collection on, a deleted item keeps its id and its place in the list
 * (its content is dropped), so the older state supplies the deleted text by id:
 * - an item the older state did not have and that is not deleted was inserted, by its author;
 * - an item the older state had undeleted and the newer one deleted was deleted, by its deleter.
 * Insertions that were deleted again before the newer version do not show.
 */
export function compareStates(older: Uint8Array | null, newer: Uint8Array, attribution: Attribution): DiffBlock[] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  try {
    if (older) Y.applyUpdate(a, older);
    Y.applyUpdate(b, newer);
    return new Comparison(a, attribution).blocks(b.getXmlFragment(CONTENT_FIELD));
  } finally {
    a.destroy();
    b.destroy();
  }
}

class Comparison {
  private readonly out: DiffBlock[] = [];

  constructor(
    private readonly older: Y.Doc,
    private readonly attribution: Attribution,
  ) {}

  blocks(root: Y.XmlFragment): DiffBlock[] {
    this.walkChildren(root, []);
    return this.out;
  }

  private inOlder(client: number, clock: number): boolean {
    return clock < Y.getState(this.older.store, client);
  }

  /** The older state's structs overlapping [clock, end) of `client`, with the overlap. */
  private *olderParts(client: number, clock: number, end: number): Generator<{ item: Y.Item; from: number; to: number }> {
    const structs = this.older.store.clients.get(client);
    if (!structs || !this.inOlder(client, clock)) return;
    for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
      const s = structs[i];
      if (!(s instanceof Y.Item) || s.deleted) continue;
      yield { item: s, from: Math.max(clock, s.id.clock) - s.id.clock, to: Math.min(end, s.id.clock + s.length) - s.id.clock };
    }
  }

  private walkChildren(parent: Y.XmlFragment | Y.XmlElement, containers: string[]): void {
    for (let item = parent._start; item !== null; item = item.right) {
      const { client, clock } = item.id;
      if (!item.deleted) {
        if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement) {
          const inserted = !this.inOlder(client, clock);
          this.element(item.content.type, containers, inserted ? 'ins' : 'same', inserted ? authorAt(this.attribution, client, clock) : null);
        }
        continue;
      }
      // A removed block: its content comes from the older state.
      for (const part of this.olderParts(client, clock, clock + item.length)) {
        const type = part.item.content instanceof Y.ContentType ? part.item.content.type : null;
        if (type instanceof Y.XmlElement) this.removedElement(type, containers, deleterAt(this.attribution, client, part.item.id.clock));
      }
    }
  }

  private element(el: Y.XmlElement, containers: string[], op: DiffOp, userId: string | null): void {
    const kind = blockKind(el);
    if (kind === 'container') {
      this.walkChildren(el, [...containers, el.nodeName]);
      return;
    }
    const spans: DiffSpan[] = [];
    if (kind === 'text') this.textSpans(el, spans);
    this.out.push({ node: el.nodeName, attrs: el.getAttributes(), containers, op, userId, spans: mergeSpans(spans) });
  }

  private removedElement(el: Y.XmlElement, containers: string[], userId: string | null): void {
    const kind = blockKind(el);
    if (kind === 'container') {
      for (const child of el.toArray()) if (child instanceof Y.XmlElement) this.removedElement(child, [...containers, el.nodeName], userId);
      return;
    }
    const plain = kind === 'text' ? el.toArray().map((c) => (c instanceof Y.XmlText ? plainText(c) : '')).join('') : '';
    this.out.push({ node: el.nodeName, attrs: el.getAttributes(), containers, op: 'del', userId, spans: plain ? [{ text: plain, op: 'del', userId }] : [] });
  }

  private textSpans(el: Y.XmlElement, spans: DiffSpan[]): void {
    for (let item = el._start; item !== null; item = item.right) {
      const { client, clock } = item.id;
      const type = item.content instanceof Y.ContentType ? item.content.type : null;
      if (!item.deleted) {
        if (type instanceof Y.XmlText) this.runs(type, spans);
        continue;
      }
      // A whole text node removed: its text from the older state.
      for (const part of this.olderParts(client, clock, clock + item.length)) {
        const old = part.item.content instanceof Y.ContentType ? part.item.content.type : null;
        if (old instanceof Y.XmlText) {
          const text = plainText(old);
          if (text) spans.push({ text, op: 'del', userId: deleterAt(this.attribution, client, part.item.id.clock) });
        }
      }
    }
  }

  private runs(text: Y.XmlText, spans: DiffSpan[]): void {
    for (let item = text._start; item !== null; item = item.right) {
      const { client, clock } = item.id;
      if (!item.deleted) {
        if (!(item.content instanceof Y.ContentString)) continue;
        const str = item.content.str;
        // One item may hold older and newer text, and text by several writers of one client.
        for (let offset = 0; offset < str.length; ) {
          const at = clock + offset;
          const old = this.inOlder(client, at);
          const stop = Math.min(str.length, old ? Y.getState(this.older.store, client) - clock : nextMark(this.attribution, client, at) - clock);
          const end = Math.max(stop, offset + 1);
          spans.push({ text: str.slice(offset, end), op: old ? 'same' : 'ins', userId: old ? null : authorAt(this.attribution, client, at) });
          offset = end;
        }
        continue;
      }
      for (const part of this.olderParts(client, clock, clock + item.length)) {
        if (!(part.item.content instanceof Y.ContentString)) continue;
        const at = part.item.id.clock + part.from;
        spans.push({ text: part.item.content.str.slice(part.from, part.to), op: 'del', userId: deleterAt(this.attribution, client, at) });
      }
    }
  }
}

/** Text blocks hold text nodes; containers hold blocks; anything else is a leaf (image, rule). */
function blockKind(el: Y.XmlElement): 'text' | 'container' | 'leaf' {
  let elements = false;
  for (let item = el._start; item !== null; item = item.right) {
    const type = item.content instanceof Y.ContentType ? item.content.type : null;
    if (type instanceof Y.XmlText) return 'text';
    if (type instanceof Y.XmlElement) elements = true;
  }
  if (TEXT_BLOCKS.has(el.nodeName)) return 'text';
  return elements ? 'container' : 'leaf';
}

const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

/** The characters of a text node without its formatting. */
function plainText(text: Y.XmlText): string {
  return text
    .toDelta()
    .map((d: { insert?: unknown }) => (typeof d.insert === 'string' ? d.insert : ''))
    .join('');
}

/** The clock of the next author mark after `clock`, or Infinity. */
function nextMark(a: Attribution, client: number, clock: number): number {
  const list = a.marks.get(client);
  if (!list) return Infinity;
  for (const [c] of list) if (c > clock) return c;
  return Infinity;
}

function mergeSpans(spans: DiffSpan[]): DiffSpan[] {
  const out: DiffSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && last.op === s.op && last.userId === s.userId) last.text += s.text;
    else if (s.text) out.push({ ...s });
  }
  return out;
}
