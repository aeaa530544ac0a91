import { retireTemplate } from '@/lib/documents/templates';
import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** Retires an organisation template (administrators): no longer offered, documents keep their content. */
export const DELETE = route<{ id: string }>(async ({ principal, params, services }) => {
  await retireTemplate(services, principal, params.id);
  return json({ id: params.id, retired: true });
});
