import { documentJson, restoreDocument } from '@/lib/documents/service';
import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const POST = route<{ id: string }>(async ({ principal, params, services }) => {
  return json(documentJson(await restoreDocument(services, principal, params.id)));
});
