'use client';

import { useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useFormatter, useTranslations } from 'next-intl';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { anchorFromProseMirror, type ProsemirrorMapping } from '@/lib/comments/anchor';
import type { CommentAnchor, CommentThread } from '@/lib/comments/model';
import type { Collab } from '@/app/_hooks/useCollabProvider';
import { REDRAW_HIGHLIGHTS, threadRange, type HighlightSource } from './commentHighlights';
import { commentsApi, mentionCandidates, type MentionCandidate } from './commentsApi';
import { useThreads } from './useThreads';
import { CommentBox } from './CommentBox';
import { MentionText } from './MentionText';
import { useCommentAnnouncements } from './useCommentAnnouncements';

/** Anchor for the editor's current selection, or null when nothing is selected. */
function selectionAnchor(editor: Editor): CommentAnchor | null {
  const { from, to, empty } = editor.state.selection;
  const sync = ySyncPluginKey.getState(editor.state) as { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: ProsemirrorMapping } | null } | undefined;
  if (empty || !sync?.binding) return null;
  const quote = editor.state.doc.textBetween(from, to, ' ').slice(0, 500);
  return { ...anchorFromProseMirror(sync.doc, sync.type, sync.binding.mapping, from, to), quote };
}

/**
 * The side panel with the document's comment threads, and the highlights' source. Everyone
 * who can read sees it; writing goes through the API, never through the shared document.
 */
export function CommentsPanel(props: {
  editor: Editor;
  collab: Collab;
  docId: string;
  userId: string;
  canComment: boolean;
  source: MutableRefObject<HighlightSource>;
  startRef: MutableRefObject<(() => void) | null>;
}) {
  const { editor, collab, docId, userId, canComment, source } = props;
  const t = useTranslations('editor.comments');
  const format = useFormatter();
  const threads = useThreads(collab.ydoc);
  const api = useMemo(() => commentsApi(docId), [docId]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const [draft, setDraft] = useState<CommentAnchor | null>(null);
  const [candidates, setCandidates] = useState<MentionCandidate[]>([]);
  const [error, setError] = useState<string | null>(null);
  const hasSelection = useEditorState({ editor, selector: ({ editor: e }) => !e.state.selection.empty });
  const announcement = useCommentAnnouncements(threads, userId);
  const heading = useRef<HTMLHeadingElement>(null);
  // Set when an action may remove the focused thread from the list (resolve, delete).
  const refocus = useRef(false);

  useEffect(() => {
    if (!refocus.current) return;
    const focused = document.activeElement;
    if (!focused || focused === document.body || !focused.isConnected) {
      heading.current?.focus();
      refocus.current = false;
    }
  }, [threads]);

  useEffect(() => {
    if (canComment) mentionCandidates(docId).then(setCandidates, () => setCandidates([]));
  }, [docId, canComment]);

  // Keep the highlights in step with the threads and the active one.
  useEffect(() => {
    source.current = { threads, activeId, onActivate: setActiveId };
    if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(REDRAW_HIGHLIGHTS, true));
  }, [editor, threads, activeId, source]);

  props.startRef.current = () => {
    const anchor = canComment ? selectionAnchor(editor) : null;
    if (anchor) setDraft(anchor);
  };

  const positions = new Map(threads.map((th) => [th.id, threadRange(editor.state, th)?.from ?? Number.MAX_SAFE_INTEGER]));
  const visible = threads
    .filter((th) => showResolved || !th.resolved)
    .sort((a, b) => positions.get(a.id)! - positions.get(b.id)! || a.createdAt - b.createdAt);
  const openCount = threads.filter((th) => !th.resolved).length;

  async function run(action: () => Promise<unknown>, mayRemove = false) {
    setError(null);
    refocus.current = mayRemove;
    try {
      await action();
    } catch (err) {
      refocus.current = false;
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  async function create(body: string, mentions: string[]) {
    if (!draft) return;
    // The anchored text must have reached the server before the comment that points at it.
    if (collab.tracker.status.pending > 0) await collab.tracker.whenSaved();
    const { thread } = await api.create(draft, body, mentions);
    setDraft(null);
    setActiveId(thread.id);
    requestAnimationFrame(() => document.getElementById(`thread-${thread.id}`)?.focus());
  }

  function showInText(thread: CommentThread) {
    setActiveId(thread.id);
    const range = threadRange(editor.state, thread);
    if (range) editor.chain().setTextSelection(range).scrollIntoView().run();
  }

  return (
    <aside className="comments-panel" aria-labelledby="comments-heading">
      <h2 id="comments-heading" ref={heading} tabIndex={-1}>{t('title', { count: openCount })}</h2>
      <p className="visually-hidden" role="status" data-testid="comment-announcer">{announcement}</p>
      {canComment && (
        <button type="button" className="button small comment-add" disabled={!hasSelection} aria-keyshortcuts="Control+Alt+M" onMouseDown={(ev) => ev.preventDefault()} onClick={() => props.startRef.current?.()}>
          {t('add')}
        </button>
      )}
      {canComment && !hasSelection && !draft && <p className="muted comment-hint">{t('selectFirst')}</p>}
      <label className="comment-toggle">
        <input type="checkbox" checked={showResolved} onChange={(ev) => setShowResolved(ev.target.checked)} /> {t('showResolved')}
      </label>
      {error && <p role="alert" className="error">{t('failed', { message: error })}</p>}
      {draft && (
        <section className="comment-draft" aria-label={t('newLabel')}>
          <blockquote className="comment-quote">{draft.quote}</blockquote>
          <CommentBox label={t('newLabel')} submitLabel={t('submit')} candidates={candidates} autoFocus onSubmit={create} onCancel={() => setDraft(null)} />
        </section>
      )}
      {visible.length === 0 && !draft && <p className="muted">{t('empty')}</p>}
      <ul className="comment-threads">
        {visible.map((thread) => {
          const active = thread.id === activeId;
          const gone = positions.get(thread.id) === Number.MAX_SAFE_INTEGER;
          return (
            <li key={thread.id}>
              <article
                id={`thread-${thread.id}`}
                tabIndex={-1}
                className={`comment-thread${active ? ' active' : ''}${thread.resolved ? ' resolved' : ''}`}
                aria-labelledby={`thread-${thread.id}-quote`}
                data-testid="comment-thread"
                onClick={() => setActiveId(thread.id)}
              >
                <blockquote id={`thread-${thread.id}-quote`} className="comment-quote">
                  {thread.anchor.quote}
                  {gone && <span className="muted"> {t('anchorGone')}</span>}
                </blockquote>
                <ol className="comment-replies">
                  {thread.replies.map((r) => (
                    <li key={r.id} className="comment-reply">
                      <p className="comment-meta">
                        <strong>{r.authorName}</strong> <time dateTime={new Date(r.createdAt).toISOString()}>{format.dateTime(new Date(r.createdAt), { dateStyle: 'short', timeStyle: 'short' })}</time>
                        {r.editedAt && !r.deleted && <span className="muted"> {t('edited')}</span>}
                      </p>
                      {r.deleted ? <p className="muted">{t('deleted')}</p> : <p className="comment-body pre-wrap"><MentionText body={r.body} mentions={r.mentions} /></p>}
                      {canComment && r.authorId === userId && !r.deleted && (
                        <button type="button" className="link-button" onClick={() => window.confirm(t('confirmDelete')) && void run(() => api.remove(thread.id, r.id), true)}>
                          {t('delete')}
                        </button>
                      )}
                    </li>
                  ))}
                </ol>
                {thread.resolved && <p className="muted">{t('resolvedBy', { name: thread.resolved.byName })}</p>}
                <div className="comment-actions">
                  {!gone && <button type="button" className="button small secondary" onClick={() => showInText(thread)}>{t('showInText')}</button>}
                  {canComment && (
                    <button type="button" className="button small secondary" onClick={() => void run(() => api.setResolved(thread.id, !thread.resolved), !showResolved)}>
                      {thread.resolved ? t('reopen') : t('resolve')}
                    </button>
                  )}
                  {canComment && !thread.resolved && !active && <button type="button" className="button small secondary" onClick={() => setActiveId(thread.id)}>{t('reply')}</button>}
                </div>
                {canComment && !thread.resolved && active && (
                  <CommentBox label={t('replyLabel')} submitLabel={t('reply')} candidates={candidates} onSubmit={async (body, mentions) => void (await api.reply(thread.id, body, mentions))} />
                )}
              </article>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
