import { z } from 'zod';
import type { AuditEntry } from './store/types';

export const auditQuerySchema = z.object({
  action: z.string().max(64).optional(),
  documentId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export function auditJson(e: AuditEntry) {
  return { at: new Date(e.at).toISOString(), actor: e.actor, action: e.action, documentId: e.documentId, detail: e.detail };
}
