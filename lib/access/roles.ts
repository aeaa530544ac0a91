import type { DocumentRole } from '../store/types';

const rank: Record<DocumentRole, number> = { viewer: 0, commenter: 1, editor: 2, owner: 3 };

export type DocumentAction = 'read' | 'comment' | 'edit' | 'share' | 'delete';

const minimum: Record<DocumentAction, DocumentRole> = {
  read: 'viewer',
  comment: 'commenter',
  edit: 'editor',
  share: 'owner',
  delete: 'owner',
};

/** Pure decision: may a holder of `role` perform `action`? */
export function can(role: DocumentRole | null | undefined, action: DocumentAction): boolean {
  return role != null && rank[role] >= rank[minimum[action]];
}

export function canEdit(role: DocumentRole | null | undefined): boolean {
  return can(role, 'edit');
}
