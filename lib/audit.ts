import { z } from 'zod';
import type { AuditEntry } from './store/types';

/** Every action the audit log records; the admin page names each in the interface language. */
export const AUDIT_ACTIONS = [
  'auth.signin',
  'auth.signout',
  'auth.failed',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.delete',
  'token.create',
  'group.create',
  'group.update',
  'group.delete',
  'document.create',
  'document.import',
  'document.export',
  'document.share',
  'document.delete',
  'document.restore',
  'document.version',
  'document.version.restore',
  'link.create',
  'link.open',
  'link.revoke',
  'template.create',
  'template.retire',
  'admin.legal.update',
  'feedback.create',
  'backup.restore',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditQuerySchema = z.object({
  action: z.string().max(64).optional(),
  documentId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export function auditJson(e: AuditEntry) {
  return { at: new Date(e.at).toISOString(), actor: e.actor, action: e.action, documentId: e.documentId, detail: e.detail };
}
