import { auditJson, auditQuerySchema } from '@/lib/audit';
import { adminRoute, json } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const GET = adminRoute(async ({ req, services }) => {
  const q = auditQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const entries = await services.store.listAudit({ action: q.action || undefined, documentId: q.documentId || undefined, limit: q.limit });
  return json({ entries: entries.map(auditJson) });
});
