import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/**
 * For people who may read or comment but not edit: the editor stays focusable so the caret
 * and Shift+arrow selection work from the keyboard (a non-editable ProseMirror view has no
 * caret), while every local change to the document is refused. Changes arriving from the
 * shared document still apply. The server refuses such updates anyway; this keeps the view
 * from diverging.
 */
export const SelectOnly = Extension.create({
  name: 'selectOnly',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('selectOnly'),
        filterTransaction: (tr) => !tr.docChanged || tr.getMeta(ySyncPluginKey)?.isChangeOrigin === true,
        props: {
          // Typing, pasting and dropping would otherwise reach the DOM before being refused.
          handleTextInput: () => true,
          handlePaste: () => true,
          handleDrop: () => true,
        },
      }),
    ];
  },
});
