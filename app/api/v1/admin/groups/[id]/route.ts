import { deleteGroup, groupJson, groupPatchSchema, updateGroup } from '@/lib/groups';
import { adminRoute, json, parseBody } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const PATCH = adminRoute<{ id: string }>(async ({ req, principal, params, services }) => {
  const input = await parseBody(req, groupPatchSchema);
  return json(groupJson(await updateGroup(services, principal.user.id, params.id, input)));
});

export const DELETE = adminRoute<{ id: string }>(async ({ principal, params, services }) => {
  await deleteGroup(services, principal.user.id, params.id);
  return new Response(null, { status: 204 });
});
