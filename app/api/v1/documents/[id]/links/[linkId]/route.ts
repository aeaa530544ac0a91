import { revokeShareLink } from '@/lib/access/shareLinks';
import { route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const DELETE = route<{ id: string; linkId: string }>(async ({ principal, params, services }) => {
  await revokeShareLink(services, principal, params.id, params.linkId);
  return new Response(null, { status: 204 });
});
