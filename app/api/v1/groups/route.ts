import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** Names of the groups, for sharing with a department; members stay on the admin side. */
export const GET = route(async ({ services }) => json({ groups: (await services.store.listGroups()).map((g) => ({ id: g.id, name: g.name })) }));
