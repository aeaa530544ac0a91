import * as Y from 'yjs';
import { AppError, notFound } from './errors';
import { commentsMap } from './comments/model';
import type { Services } from './services';
import type { User } from './store/types';

type S = Pick<Services, 'store' | 'liveDocs'>;

/** The name a deleted account is shown under; the id suffix keeps two deleted people apart. */
export function pseudonym(userId: string): string {
  return `Gelöschte Person ${userId.slice(-4)}`;
}

/**
 * Deletes an account (DSGVO) without losing content. The user row stays under its id, so
 * authorship marks, the update log and versions keep pointing somewhere, but it now carries a
 * pseudonym and nothing personal. Names copied into documents (comment authors, mentions) are
 * replaced in every document the user could open; documents they owned pass to the acting
 * administrator. Their live connections close at once.
 */
export async function deleteUser(s: S, actorId: string, userId: string): Promise<User> {
  if (userId === actorId) throw new AppError(400, 'self_lockout', 'You cannot delete your own account');
  const user = await s.store.getUserById(userId);
  if (!user || user.deletedAt !== null) throw notFound('User');
  const reachable = await s.store.listDocumentsForUser(userId);
  const trashed = await s.store.listDocumentsForUser(userId, { trashed: true });
  const name = pseudonym(userId);
  const deleted = (await s.store.pseudonymizeUser(userId, { name, transferTo: actorId }))!;
  await s.liveDocs.refreshUser(userId);
  for (const doc of [...reachable, ...trashed]) {
    if (doc.kind !== 'text') continue;
    await s.liveDocs.change(doc.id, null, (ydoc) => renameInComments(ydoc, userId, name));
  }
  await s.store.audit({ actor: actorId, action: 'user.delete', detail: { userId, documentsTransferred: reachable.filter((d) => d.role === 'owner').length } });
  return deleted;
}

function renameInComments(doc: Y.Doc, userId: string, name: string): void {
  for (const thread of commentsMap(doc).values()) {
    if (!(thread instanceof Y.Map)) continue;
    const resolved = thread.get('resolved') as { by: string } | null | undefined;
    if (resolved && resolved.by === userId) thread.set('resolved', { ...resolved, byName: name });
    const replies = thread.get('replies');
    if (!(replies instanceof Y.Map)) continue;
    for (const [id, r] of replies as Y.Map<{ authorId: string; authorName: string; mentions: Array<{ id: string; name: string }> }>) {
      const mentioned = r.mentions?.some((m) => m.id === userId);
      if (r.authorId !== userId && !mentioned) continue;
      replies.set(id, {
        ...r,
        authorName: r.authorId === userId ? name : r.authorName,
        mentions: (r.mentions ?? []).map((m) => (m.id === userId ? { ...m, name } : m)),
      });
    }
  }
}
