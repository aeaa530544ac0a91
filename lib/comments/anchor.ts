import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';

/** y-tiptap's map from Yjs types to the ProseMirror nodes they render. */
export type ProsemirrorMapping = Parameters<typeof absolutePositionToRelativePosition>[2];

/*
 * A commented range is a pair of Yjs relative positions, so it follows the words it was made on
 * whatever others type around it. The start sticks to the first commented character (assoc 0)
 * and the end to the last one (assoc -1): text typed right before or right after the range
 * stays outside of it.
 */
const START_ASSOC = 0;
const END_ASSOC = -1;
const MAX_ENCODED = 512;

export function encodePosition(pos: Y.RelativePosition): string {
  return toBase64(Y.encodeRelativePosition(pos));
}

export function decodePosition(encoded: string): Y.RelativePosition | null {
  if (encoded.length > MAX_ENCODED) return null;
  try {
    return Y.decodeRelativePosition(fromBase64(encoded));
  } catch {
    return null;
  }
}

/** Anchor positions for [start, end) of a Yjs sequence type (Y.Text, Y.XmlText). */
export function anchorInType<T>(type: Y.AbstractType<T>, start: number, end: number): { start: string; end: string } {
  return {
    start: encodePosition(Y.createRelativePositionFromTypeIndex(type, start, START_ASSOC)),
    end: encodePosition(Y.createRelativePositionFromTypeIndex(type, end, END_ASSOC)),
  };
}

/** Where an encoded position is now: the type and index, or null when the document lacks it. */
export function resolvePosition(doc: Y.Doc, encoded: string): Y.AbsolutePosition | null {
  const rel = decodePosition(encoded);
  return rel ? absolute(doc, rel) : null;
}

/** Yjs throws when a position refers to content this replica does not have (yet). */
function absolute(doc: Y.Doc, rel: Y.RelativePosition): Y.AbsolutePosition | null {
  try {
    return Y.createAbsolutePositionFromRelativePosition(rel, doc);
  } catch {
    return null;
  }
}

/** True when the position lies inside `container` (a root such as the document body). */
export function positionInside<T>(doc: Y.Doc, encoded: string, container: Y.AbstractType<T>): boolean {
  const abs = resolvePosition(doc, encoded);
  if (!abs) return false;
  return abs.type === container || (abs.type._item !== null && Y.isParentOf(container, abs.type._item));
}

/**
 * Anchor for the ProseMirror range [from, to) of an editor bound to `fragment`. y-tiptap's
 * conversion always associates to the left; the start is re-made to associate to the right.
 */
export function anchorFromProseMirror(doc: Y.Doc, fragment: Y.XmlFragment, mapping: ProsemirrorMapping, from: number, to: number): { start: string; end: string } {
  const start = withAssoc(doc, absolutePositionToRelativePosition(from, fragment, mapping) as Y.RelativePosition, START_ASSOC);
  const end = withAssoc(doc, absolutePositionToRelativePosition(to, fragment, mapping) as Y.RelativePosition, END_ASSOC);
  return { start: encodePosition(start), end: encodePosition(end) };
}

function withAssoc(doc: Y.Doc, rel: Y.RelativePosition, assoc: number): Y.RelativePosition {
  const abs = absolute(doc, rel);
  if (!abs || !(abs.type instanceof Y.XmlText)) return rel;
  return Y.createRelativePositionFromTypeIndex(abs.type, abs.index, assoc);
}

/** The ProseMirror range an anchor covers now, or null when it is gone or empty. */
export function proseMirrorRange(doc: Y.Doc, fragment: Y.XmlFragment, mapping: ProsemirrorMapping, anchor: { start: string; end: string }): { from: number; to: number } | null {
  const start = decodePosition(anchor.start);
  const end = decodePosition(anchor.end);
  if (!start || !end) return null;
  const from = toProseMirror(doc, fragment, mapping, start);
  const to = toProseMirror(doc, fragment, mapping, end);
  if (from === null || to === null || to <= from) return null;
  return { from, to };
}

/**
 * ProseMirror position of a relative position. y-tiptap refuses every position that lands at
 * the document's first character (its guard against positions misplaced by block moves), which
 * would lose comments on the first word; text positions are therefore resolved here as the
 * start of their text node, which y-tiptap resolves without the guard, plus the index.
 */
function toProseMirror(doc: Y.Doc, fragment: Y.XmlFragment, mapping: ProsemirrorMapping, rel: Y.RelativePosition): number | null {
  const abs = absolute(doc, rel);
  if (!abs) return null;
  const item = abs.type._item;
  if (!(abs.type instanceof Y.XmlText) || item === null) return relativePositionToAbsolutePosition(doc, fragment, rel, mapping);
  // No item and a negative assoc: the start of the type.
  const textStart = new Y.RelativePosition(Y.createID(item.id.client, item.id.clock), null, null, -1);
  const base = relativePositionToAbsolutePosition(doc, fragment, textStart, mapping);
  return base === null ? null : base + abs.index;
}
