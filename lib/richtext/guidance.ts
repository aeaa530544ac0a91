import { mergeAttributes, Node } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';

export const GUIDANCE_NODE = 'guidance';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    guidance: {
      /** Deletes every guidance note of the document in one step (one undo step). */
      removeGuidance: () => ReturnType;
    };
  }
}

/**
 * Guidance notes of a template ("what belongs in this section"): blocks that look different
 * from the text written around them and can all be removed at once when the draft is done.
 * Exports turn them into quotations (see normalizeDoc), so nothing disappears unasked.
 */
export const Guidance = Node.create({
  name: GUIDANCE_NODE,
  group: 'block',
  content: 'block+',
  defining: true,
  parseHTML() {
    return [{ tag: `aside[data-type="${GUIDANCE_NODE}"]` }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['aside', mergeAttributes(HTMLAttributes, { 'data-type': GUIDANCE_NODE, class: 'guidance', role: 'note' }), 0];
  },
  addCommands() {
    return {
      removeGuidance:
        () =>
        ({ tr, dispatch }) => {
          const removed = deleteGuidance(tr);
          if (removed > 0) dispatch?.(tr);
          return removed > 0;
        },
    };
  },
});

/** Deletes the guidance blocks in `tr`, last first so earlier positions stay valid; returns how many. */
export function deleteGuidance(tr: Transaction): number {
  const ranges: Array<[number, number]> = [];
  tr.doc.descendants((node: PMNode, pos: number) => {
    if (node.type.name !== GUIDANCE_NODE) return true;
    ranges.push([pos, pos + node.nodeSize]);
    return false;
  });
  for (const [from, to] of ranges.reverse()) tr.delete(from, to);
  return ranges.length;
}

/** Whether a document still holds guidance notes (the editor offers removal only then). */
export function hasGuidance(doc: PMNode): boolean {
  let found = false;
  doc.descendants((node) => {
    if (found) return false;
    if (node.type.name === GUIDANCE_NODE) found = true;
    return !found && node.isBlock;
  });
  return found;
}
