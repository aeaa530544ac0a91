import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { proseMirrorRange, type ProsemirrorMapping } from '@/lib/comments/anchor';
import type { CommentThread } from '@/lib/comments/model';

/** What the highlights read; the comments panel keeps it current and asks for a redraw. */
export interface HighlightSource {
  threads: CommentThread[];
  activeId: string | null;
  onActivate(threadId: string): void;
}

const key = new PluginKey<DecorationSet>('commentHighlights');

/** Asks the editor to redraw the highlights after the threads or the active one changed. */
export const REDRAW_HIGHLIGHTS = key;

/** Where a thread's anchor is in the editor now, or null when its text is gone. */
export function threadRange(state: EditorState, thread: CommentThread): { from: number; to: number } | null {
  const sync = ySyncPluginKey.getState(state) as { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: ProsemirrorMapping } | null } | undefined;
  if (!sync?.binding) return null;
  return proseMirrorRange(sync.doc, sync.type, sync.binding.mapping, thread.anchor);
}

function build(state: EditorState, source: HighlightSource): DecorationSet {
  const decorations: Decoration[] = [];
  for (const thread of source.threads) {
    if (thread.resolved) continue;
    const range = threadRange(state, thread);
    if (!range || range.to > state.doc.content.size) continue;
    const active = thread.id === source.activeId;
    decorations.push(Decoration.inline(range.from, range.to, { class: active ? 'comment-anchor comment-anchor-active' : 'comment-anchor', 'data-thread': thread.id }, { threadId: thread.id }));
  }
  return DecorationSet.create(state.doc, decorations);
}

/**
 * Marks commented ranges in the text. Positions come from the Yjs anchors, which are only
 * current after the binding rendered a Yjs change; local typing maps the marks instead.
 */
export const CommentHighlights = Extension.create<{ source: () => HighlightSource }>({
  name: 'commentHighlights',
  addOptions() {
    // A getter, because Tiptap deep-copies option objects and a ref would go stale.
    return { source: () => ({ threads: [], activeId: null, onActivate: () => undefined }) };
  },
  addProseMirrorPlugins() {
    const source = this.options.source;
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_config, state) => build(state, source()),
          apply(tr, old, _before, after) {
            const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin;
            if (tr.getMeta(key) || (tr.docChanged && fromYjs)) return build(after, source());
            return tr.docChanged ? old.map(tr.mapping, tr.doc) : old;
          },
        },
        props: {
          decorations: (state) => key.getState(state),
          handleClick(view, pos) {
            const found = key.getState(view.state)?.find(pos, pos);
            const id = found?.[0]?.spec.threadId as string | undefined;
            if (id) source().onActivate(id);
            return false;
          },
        },
      }),
    ];
  },
});
