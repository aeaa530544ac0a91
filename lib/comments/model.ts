import * as Y from 'yjs';

/**
 * Name of the root Y.Map with a text document's comment threads. Only the server writes it
 * (through the comments API); the sync server refuses client updates that touch it.
 */
export const COMMENTS_MAP = 'comments';

/** Encoded relative positions of the commented range, plus the text as it was when commented. */
export interface CommentAnchor {
  start: string;
  end: string;
  quote: string;
}

export interface Mention {
  id: string;
  name: string;
}

export interface CommentReply {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  mentions: Mention[];
  createdAt: number;
  editedAt: number | null;
  /** The text of a deleted reply is gone; the entry stays so the thread keeps its shape. */
  deleted: boolean;
}

export interface CommentResolution {
  by: string;
  byName: string;
  at: number;
}

export interface CommentThread {
  id: string;
  anchor: CommentAnchor;
  createdBy: string;
  createdAt: number;
  resolved: CommentResolution | null;
  /** Oldest first; the first one opened the thread. */
  replies: CommentReply[];
}

/*
 * Shape in Yjs: comments: Map<threadId, Map{ anchor, createdBy, createdAt, resolved, replies:
 * Map<replyId, CommentReply> }>. Nested maps, so that a reply and a resolve written at the same
 * time on two server instances both survive.
 */

export function commentsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(COMMENTS_MAP);
}

export function readThreads(doc: Y.Doc): CommentThread[] {
  const threads: CommentThread[] = [];
  for (const [id, t] of commentsMap(doc)) {
    const thread = readThread(id, t);
    if (thread) threads.push(thread);
  }
  return threads.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function readThread(id: string, t: unknown): CommentThread | null {
  if (!(t instanceof Y.Map)) return null;
  const anchor = t.get('anchor') as CommentAnchor | undefined;
  const replies = t.get('replies');
  if (!anchor || !(replies instanceof Y.Map)) return null;
  const list = [...(replies as Y.Map<CommentReply>).values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  return {
    id,
    anchor,
    createdBy: String(t.get('createdBy') ?? ''),
    createdAt: Number(t.get('createdAt') ?? 0),
    resolved: (t.get('resolved') as CommentResolution | null | undefined) ?? null,
    replies: list,
  };
}

/** Writers below run inside the server's transaction on the live document. */
export function writeThread(doc: Y.Doc, thread: Omit<CommentThread, 'replies' | 'resolved'>, first: CommentReply): void {
  const t = new Y.Map<unknown>();
  const replies = new Y.Map<CommentReply>();
  replies.set(first.id, first);
  t.set('anchor', thread.anchor);
  t.set('createdBy', thread.createdBy);
  t.set('createdAt', thread.createdAt);
  t.set('resolved', null);
  t.set('replies', replies);
  commentsMap(doc).set(thread.id, t);
}

function threadMap(doc: Y.Doc, threadId: string): Y.Map<unknown> | null {
  const t = commentsMap(doc).get(threadId);
  return t instanceof Y.Map ? t : null;
}

export function repliesMap(doc: Y.Doc, threadId: string): Y.Map<CommentReply> | null {
  const r = threadMap(doc, threadId)?.get('replies');
  return r instanceof Y.Map ? (r as Y.Map<CommentReply>) : null;
}

export function writeReply(doc: Y.Doc, threadId: string, reply: CommentReply): void {
  repliesMap(doc, threadId)!.set(reply.id, reply);
}

export function writeResolved(doc: Y.Doc, threadId: string, resolved: CommentResolution | null): void {
  threadMap(doc, threadId)!.set('resolved', resolved);
}

export function removeThread(doc: Y.Doc, threadId: string): void {
  commentsMap(doc).delete(threadId);
}
