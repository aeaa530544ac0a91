import { createLocalUser, newUserSchema, userJson } from '@/lib/users';
import { adminRoute, json, parseBody } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const GET = adminRoute(async ({ services }) => json({ users: (await services.store.listUsers()).filter((u) => u.deletedAt === null).map(userJson) }));

export const POST = adminRoute(async ({ req, principal, services }) => {
  const input = await parseBody(req, newUserSchema);
  const user = await createLocalUser(services.store, input, principal.user.id);
  return json(userJson(user), 201);
});
