import { aclBodySchema, getAcl, setAcl } from '@/lib/documents/service';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const GET = route<{ id: string }>(async ({ principal, params, services }) => json(await getAcl(services, principal, params.id)));

export const PUT = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const body = await parseBody(req, aclBodySchema);
  return json(await setAcl(services, principal, params.id, body));
});
