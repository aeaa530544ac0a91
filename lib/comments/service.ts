import { z } from 'zod';
import { AppError, forbidden, notFound } from '../errors';
import { newId } from '../ids';
import { authorize } from '../documents/service';
import { CONTENT_FIELD } from '../richtext/extensions';
import type { Principal } from '../auth/principal';
import type { Services } from '../services';
import { positionInside } from './anchor';
import {
  commentsMap,
  readThread,
  readThreads,
  removeThread,
  repliesMap,
  writeReply,
  writeResolved,
  writeThread,
  type CommentReply,
  type CommentThread,
  type Mention,
} from './model';

const MAX_THREADS = 2000;
const MAX_REPLIES = 500;
/** All comment text of one document together: keeps a commenter from growing it without bound. */
const MAX_TOTAL_CHARS = 2_000_000;

const bodySchema = z.string().trim().min(1).max(5000);
const mentionsSchema = z.array(z.string().min(1).max(64)).max(50).default([]);

export const createThreadSchema = z.object({
  anchor: z.object({
    start: z.string().min(1).max(512),
    end: z.string().min(1).max(512),
    quote: z.string().max(500).default(''),
  }),
  body: bodySchema,
  mentions: mentionsSchema,
});
export const replySchema = z.object({ body: bodySchema, mentions: mentionsSchema });
export const resolveSchema = z.object({ resolved: z.boolean() });

type S = Pick<Services, 'store' | 'liveDocs'>;

/** Comments belong to text documents; anyone who may read one may read its comments. */
async function authorizeText(s: S, p: Principal, docId: string, action: 'read' | 'comment') {
  const { doc } = await authorize(s, p, docId, action);
  if (doc.kind !== 'text') throw new AppError(400, 'unsupported_kind', 'Only text documents have comments');
}

export async function listThreads(s: S, p: Principal, docId: string): Promise<CommentThread[]> {
  await authorizeText(s, p, docId, 'read');
  return s.liveDocs.read(docId, readThreads);
}

/**
 * Only users with access to the document can be mentioned; other ids are dropped, and names
 * come from the directory, not from the request.
 */
async function resolveMentions(s: S, docId: string, ids: string[]): Promise<Mention[]> {
  const mentions: Mention[] = [];
  for (const id of new Set(ids)) {
    const user = await s.store.getUserById(id);
    if (user && !user.disabled && (await s.store.getRole(docId, id))) mentions.push({ id, name: user.name });
  }
  return mentions;
}

function newReply(p: Principal, body: string, mentions: Mention[]): CommentReply {
  return { id: newId(), authorId: p.user.id, authorName: p.user.name, body, mentions, createdAt: Date.now(), editedAt: null, deleted: false };
}

function ensureRoom(doc: Parameters<typeof readThreads>[0], adding: number): void {
  let total = adding;
  for (const thread of readThreads(doc)) {
    total += thread.anchor.quote.length + thread.anchor.start.length + thread.anchor.end.length;
    for (const r of thread.replies) total += r.body.length + r.authorName.length + 64;
  }
  if (total > MAX_TOTAL_CHARS) throw new AppError(409, 'too_much_comment_text', 'This document holds too much comment text');
}

function requireThread(doc: Parameters<typeof readThreads>[0], threadId: string): CommentThread {
  const thread = readThread(threadId, commentsMap(doc).get(threadId));
  if (!thread) throw notFound('Comment thread');
  return thread;
}

export async function createThread(s: S, p: Principal, docId: string, input: z.infer<typeof createThreadSchema>): Promise<CommentThread> {
  await authorizeText(s, p, docId, 'comment');
  const first = newReply(p, input.body, await resolveMentions(s, docId, input.mentions));
  const id = newId();
  let created: CommentThread | null = null;
  await s.liveDocs.change(docId, p.user.id, (doc) => {
    // Checked against the live state in the same transaction as the write.
    const body = doc.getXmlFragment(CONTENT_FIELD);
    if (!positionInside(doc, input.anchor.start, body) || !positionInside(doc, input.anchor.end, body)) {
      throw new AppError(400, 'invalid_anchor', 'The anchor does not point into this document');
    }
    if (commentsMap(doc).size >= MAX_THREADS) throw new AppError(409, 'too_many_threads', 'This document has too many comment threads');
    ensureRoom(doc, first.body.length + input.anchor.quote.length);
    writeThread(doc, { id, anchor: input.anchor, createdBy: p.user.id, createdAt: first.createdAt }, first);
    created = requireThread(doc, id);
  });
  return created!;
}

export async function addReply(s: S, p: Principal, docId: string, threadId: string, input: z.infer<typeof replySchema>): Promise<CommentReply> {
  await authorizeText(s, p, docId, 'comment');
  const reply = newReply(p, input.body, await resolveMentions(s, docId, input.mentions));
  await s.liveDocs.change(docId, p.user.id, (doc) => {
    const thread = requireThread(doc, threadId);
    if (thread.replies.length >= MAX_REPLIES) throw new AppError(409, 'too_many_replies', 'This thread has too many replies');
    ensureRoom(doc, reply.body.length);
    writeReply(doc, threadId, reply);
  });
  return reply;
}

export async function setResolved(s: S, p: Principal, docId: string, threadId: string, resolved: boolean): Promise<CommentThread> {
  await authorizeText(s, p, docId, 'comment');
  let result: CommentThread | null = null;
  await s.liveDocs.change(docId, p.user.id, (doc) => {
    const thread = requireThread(doc, threadId);
    // Resolving twice keeps who resolved it first.
    if (resolved !== (thread.resolved !== null)) writeResolved(doc, threadId, resolved ? { by: p.user.id, byName: p.user.name, at: Date.now() } : null);
    result = requireThread(doc, threadId);
  });
  return result!;
}

/** Changes the text of one's own reply. */
export async function editReply(s: S, p: Principal, docId: string, threadId: string, replyId: string, input: z.infer<typeof replySchema>): Promise<CommentReply> {
  await authorizeText(s, p, docId, 'comment');
  const mentions = await resolveMentions(s, docId, input.mentions);
  let result: CommentReply | null = null;
  await s.liveDocs.change(docId, p.user.id, (doc) => {
    const reply = ownReply(doc, p, threadId, replyId);
    ensureRoom(doc, input.body.length - reply.body.length);
    result = { ...reply, body: input.body, mentions, editedAt: Date.now() };
    writeReply(doc, threadId, result);
  });
  return result!;
}

/**
 * Deletes one's own reply. The entry stays without its text so answers keep their context;
 * a thread whose replies are all deleted is removed.
 */
export async function deleteReply(s: S, p: Principal, docId: string, threadId: string, replyId: string): Promise<void> {
  await authorizeText(s, p, docId, 'comment');
  await s.liveDocs.change(docId, p.user.id, (doc) => {
    const reply = ownReply(doc, p, threadId, replyId);
    const others = requireThread(doc, threadId).replies.filter((r) => r.id !== replyId && !r.deleted);
    if (others.length === 0) removeThread(doc, threadId);
    else writeReply(doc, threadId, { ...reply, body: '', mentions: [], deleted: true, editedAt: Date.now() });
  });
}

function ownReply(doc: Parameters<typeof readThreads>[0], p: Principal, threadId: string, replyId: string): CommentReply {
  requireThread(doc, threadId);
  const reply = repliesMap(doc, threadId)?.get(replyId);
  if (!reply || reply.deleted) throw notFound('Comment');
  if (reply.authorId !== p.user.id) throw forbidden('Only the author may change a comment');
  return reply;
}
