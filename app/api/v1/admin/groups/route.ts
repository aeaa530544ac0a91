import { createGroup, groupJson, groupView } from '@/lib/groups';
import { adminRoute, json, parseBody } from '@/app/_lib/api';
import { groupInputSchema } from '@/lib/groups';

export const dynamic = 'force-dynamic';

export const GET = adminRoute(async ({ services }) => {
  const groups = await Promise.all((await services.store.listGroups()).map((g) => groupView(services, g)));
  return json({ groups: groups.map(groupJson) });
});

export const POST = adminRoute(async ({ req, principal, services }) => {
  const input = await parseBody(req, groupInputSchema);
  return json(groupJson(await createGroup(services, principal.user.id, input)), 201);
});
