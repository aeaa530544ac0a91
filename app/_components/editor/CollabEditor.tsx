'use client';

import { useRef } from 'react';
import { useEditor, EditorContent } from '@tiptap/react';
import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { useTranslations } from 'next-intl';
import { CONTENT_FIELD, richTextExtensions } from '@/lib/richtext/extensions';
import { useTaskLabel } from './useTaskLabel';
import type { Collab } from '@/app/_hooks/useCollabProvider';
import { Toolbar } from './Toolbar';
import { SheetFigureWithView } from './sheetFigure/SheetFigureView';
import { SelectOnly } from './selectOnly';
import { AccessibilityPanel } from './AccessibilityPanel';
import { CommentHighlights, type HighlightSource } from './comments/commentHighlights';
import { CommentsPanel } from './comments/CommentsPanel';
import { Authorship } from './authorship/authorshipPlugin';
import { AuthorshipToggle } from './authorship/AuthorshipToggle';

export interface EditorUser {
  id: string;
  name: string;
  color: string;
}

/** Tiptap bound to the shared Y.Doc; undo/redo comes from Yjs and only touches the user's own edits. */
export function CollabEditor({ collab, user, editable, docId, canComment }: { collab: Collab; user: EditorUser; editable: boolean; docId: string; canComment: boolean }) {
  const t = useTranslations('editor');
  const taskLabel = useTaskLabel();
  const highlights = useRef<HighlightSource>({ threads: [], activeId: null, onActivate: () => undefined });
  const startComment = useRef<(() => void) | null>(null);
  const editor = useEditor(
    {
      immediatelyRender: false,
      // Readers and commenters get a caret too (keyboard selection for comments); SelectOnly
      // refuses their changes.
      editable: true,
      extensions: [
        ...(editable ? [] : [SelectOnly]),
        // The live figure gets its view here; the server renders the same node without one.
        ...richTextExtensions({ taskLabel }).map((e) => (e.name === SheetFigureWithView.name ? SheetFigureWithView : e)),
        Collaboration.configure({ document: collab.ydoc, field: CONTENT_FIELD }),
        CollaborationCaret.configure({ provider: collab.provider, user: { name: user.name, color: user.color, id: user.id } }),
        CommentHighlights.configure({ source: () => highlights.current }),
        Authorship.configure({ fragment: collab.ydoc.getXmlFragment(CONTENT_FIELD) }),
      ],
      editorProps: {
        // Alt+F10 moves from the text to the toolbar, as in office suites.
        handleKeyDown: (_view, event) => {
          if (event.altKey && event.key === 'F10') {
            document.querySelector<HTMLElement>('[role="toolbar"] select, [role="toolbar"] button')?.focus();
            return true;
          }
          // Mod+Alt+M comments the selection, as in other office suites.
          if ((event.ctrlKey || event.metaKey) && event.altKey && event.code === 'KeyM') {
            startComment.current?.();
            return true;
          }
          return false;
        },
        attributes: {
          'aria-label': t('content'),
          'aria-multiline': 'true',
          'aria-readonly': editable ? 'false' : 'true',
          role: 'textbox',
          class: 'prose',
          'data-testid': 'editor-content',
        },
      },
    },
    [collab],
  );

  return (
    <div className="editor-columns">
      <div className="editor-shell">
        {editor && editable && <Toolbar editor={editor} onComment={canComment ? () => startComment.current?.() : undefined} />}
        <EditorContent editor={editor} className="editor-body" />
        {editor && editable && <AccessibilityPanel editor={editor} />}
        {editor && <AuthorshipToggle editor={editor} collab={collab} docId={docId} />}
      </div>
      {editor && <CommentsPanel editor={editor} collab={collab} docId={docId} userId={user.id} canComment={canComment} source={highlights} startRef={startComment} />}
    </div>
  );
}
