import { api } from '@/app/_components/apiClient';
import type { CommentAnchor, CommentThread } from '@/lib/comments/model';

/** The comments API; what it writes reaches every open editor through the shared document. */
export function commentsApi(docId: string) {
  const base = `/api/v1/documents/${encodeURIComponent(docId)}/comments`;
  return {
    create: (anchor: CommentAnchor, body: string, mentions: string[]) => api<{ thread: CommentThread }>(base, { method: 'POST', body: { anchor, body, mentions } }),
    reply: (threadId: string, body: string, mentions: string[]) => api(`${base}/${threadId}/replies`, { method: 'POST', body: { body, mentions } }),
    setResolved: (threadId: string, resolved: boolean) => api(`${base}/${threadId}`, { method: 'PATCH', body: { resolved } }),
    remove: (threadId: string, replyId: string) => api(`${base}/${threadId}/replies/${replyId}`, { method: 'DELETE' }),
  };
}

export interface MentionCandidate {
  id: string;
  name: string;
  email: string;
}

/** People with access to the document: the only ones a comment can mention. */
export async function mentionCandidates(docId: string): Promise<MentionCandidate[]> {
  const { entries } = await api<{ entries: MentionCandidate[] }>(`/api/v1/documents/${encodeURIComponent(docId)}/acl`);
  return entries.map(({ id, name, email }) => ({ id, name, email }));
}
