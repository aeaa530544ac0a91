import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import * as Y from 'yjs';

export interface AuthorshipInfo {
  /** Yjs client id → [clock, userId] marks, sorted by clock. */
  marks: Map<number, Array<[number, string | null]>>;
  people: Map<string, { name: string; color: string }>;
}

interface PluginState {
  info: AuthorshipInfo | null;
  deco: DecorationSet;
}

type Meta = { info: AuthorshipInfo | null } | { rebuild: true };

export const authorshipKey = new PluginKey<PluginState>('authorship');

/** Waits for typing to pause before walking the document again. */
const REBUILD_DELAY_MS = 250;

/**
 * Colours the live text by who wrote it. The marks come from the server (every client that
 * ever wrote) and from presence (clients here now); the text is matched to Yjs items by walking
 * the fragment and the ProseMirror document side by side.
 */
export const Authorship = Extension.create<{ fragment: Y.XmlFragment | null }>({
  name: 'authorship',
  addOptions() {
    return { fragment: null };
  },
  addProseMirrorPlugins() {
    const fragment = this.options.fragment;
    return [
      new Plugin<PluginState>({
        key: authorshipKey,
        state: {
          init: () => ({ info: null, deco: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(authorshipKey) as Meta | undefined;
            const info = meta && 'info' in meta ? meta.info : value.info;
            if (!info || !fragment) return { info, deco: DecorationSet.empty };
            // The Y.Doc may lag a local edit until the binding has synced it: map now, rebuild later.
            if (!meta) return tr.docChanged ? { info, deco: value.deco.map(tr.mapping, tr.doc) } : value;
            return { info, deco: DecorationSet.create(state.doc, decorations(state.doc, fragment, info)) };
          },
        },
        props: {
          decorations: (state) => authorshipKey.getState(state)?.deco,
        },
        view: () => {
          let timer: ReturnType<typeof setTimeout> | null = null;
          return {
            update(view, prev) {
              if (view.state.doc.eq(prev.doc) || !authorshipKey.getState(view.state)?.info) return;
              if (timer) clearTimeout(timer);
              timer = setTimeout(() => {
                timer = null;
                if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(authorshipKey, { rebuild: true } satisfies Meta));
              }, REBUILD_DELAY_MS);
            },
            destroy() {
              if (timer) clearTimeout(timer);
            },
          };
        },
      }),
    ];
  },
});

function authorAt(info: AuthorshipInfo, client: number, clock: number): string | null {
  let found: string | null = null;
  for (const [c, userId] of info.marks.get(client) ?? []) {
    if (c > clock) break;
    found = userId;
  }
  return found;
}

/** Inline decorations for every run of text with a known author. */
function decorations(doc: PMNode, fragment: Y.XmlFragment, info: AuthorshipInfo): Decoration[] {
  const out: Decoration[] = [];
  const text = (yText: Y.XmlText, start: number) => {
    let pos = start;
    for (let item = yText._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue;
      const { client, clock } = item.id;
      for (let off = 0; off < item.length; ) {
        const userId = authorAt(info, client, clock + off);
        let end = off + 1;
        while (end < item.length && authorAt(info, client, clock + end) === userId) end++;
        const person = userId ? info.people.get(userId) : undefined;
        if (person) {
          out.push(Decoration.inline(pos + off, pos + end, { class: 'authorship', title: person.name, style: `background-color: ${person.color}2e; box-shadow: inset 0 -2px 0 ${person.color}` }));
        }
        off = end;
      }
      pos += item.length;
    }
  };
  // y-prosemirror maps each Y.XmlElement to one node and each Y.XmlText to consecutive text nodes.
  const walk = (yParent: Y.XmlFragment | Y.XmlElement, pmParent: PMNode, start: number): boolean => {
    let index = 0;
    let pos = start;
    for (const yChild of yParent.toArray()) {
      if (yChild instanceof Y.XmlElement) {
        const pmChild = pmParent.maybeChild(index++);
        if (!pmChild || pmChild.type.name !== yChild.nodeName) return false;
        if (!pmChild.isLeaf && !walk(yChild, pmChild, pos + 1)) return false;
        pos += pmChild.nodeSize;
      } else if (yChild instanceof Y.XmlText) {
        let len = 0;
        while (len < yChild.length) {
          const pmChild = pmParent.maybeChild(index++);
          if (!pmChild?.isText) return false;
          len += pmChild.nodeSize;
        }
        if (len !== yChild.length) return false;
        text(yChild, pos);
        pos += len;
      }
    }
    return true;
  };
  // A document that does not match the fragment (a local edit not yet synced) keeps what matched.
  walk(fragment, doc, 0);
  return out;
}
